import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../sidebar/html';
import { initialState, type SidebarState } from '../../sidebar/state';
import { renderApp } from '../../sidebar/views/app';
import type { DashboardView } from '../../src/core/rpc';

const dashboard: DashboardView = {
  conversations: 6842,
  unmapped: 1368,
  hasOpenPhoneKey: false,
  sources: [],
  steps: [
    { id: 'import', title: '1. Import data', available: true, detail: 'Conversations: ✓ 6842 phone numbers' },
    { id: 'match', title: '2. Match', available: false, detail: 'Automatic matching arrives in the next version' },
    { id: 'review', title: '3. Review & push', available: false, detail: 'Conflict review and push arrive in a later version' },
  ],
};

function render(over: Partial<SidebarState> = {}): string {
  return renderApp({ ...initialState(), dashboard, ...over }).markup;
}

/** The opening tag of the element with this data-testid. */
function tagOf(markup: string, testId: string): string {
  const match = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(markup);
  if (!match) throw new Error(`no element ${testId}`);
  return match[0];
}

describe('html tag', () => {
  it('escapes every interpolated value and keeps markup made by the tag', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p>${name}</p>`.markup).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(html`<ul>${['a&b', html`<li>ok</li>`]}</ul>`.markup).toBe('<ul>a&amp;b<li>ok</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.markup).toBe('0');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});

describe('sidebar views', () => {
  it('shows unmapped of conversations and the named share', () => {
    const markup = render();
    expect(markup).toContain('Unmapped Contacts: 1,368 of 6,842');
    expect(tagOf(markup, 'named-progress')).toContain('aria-valuenow="80"');
    expect(markup).toContain('width: 80%');
  });

  it('keeps steps that cannot run yet visibly inactive', () => {
    const markup = render();
    for (const id of ['match', 'review']) {
      expect(tagOf(markup, `step-${id}`)).toMatch(/class="card step inactive"/);
      expect(tagOf(markup, `step-${id}`)).toContain('aria-disabled="true"');
      expect(tagOf(markup, `step-${id}-action`)).toContain(' disabled');
    }
    expect(markup).toContain('Automatic matching arrives in the next version');
    expect(markup).toContain('3. Review &amp; push');
    expect(tagOf(markup, 'step-import')).toContain('active');
  });

  it('offers Load from OpenPhone only with a saved key', () => {
    expect(tagOf(render(), 'load-openphone')).toContain(' disabled');
    expect(render()).toContain('No key saved');
    const withKey = render({ dashboard: { ...dashboard, hasOpenPhoneKey: true } });
    expect(tagOf(withKey, 'load-openphone')).not.toContain(' disabled');
    expect(withKey).toContain('Key saved');
    expect(tagOf(withKey, 'api-key-remove')).toBeTruthy();
  });

  it('disables every action while one runs and says what it does', () => {
    const markup = render({ dashboard: { ...dashboard, hasOpenPhoneKey: true }, busy: { action: 'csv', label: 'Importing <b>x</b>.csv…' } });
    expect(tagOf(markup, 'load-openphone')).toContain(' disabled');
    expect(tagOf(markup, 'conversations-file')).toContain(' disabled');
    expect(tagOf(markup, 'api-key-save')).toContain(' disabled');
    expect(markup).toContain('Importing &lt;b&gt;x&lt;/b&gt;.csv…');
  });

  it('shows a failed import as an error notice, escaped', () => {
    const markup = render({ importNotice: { kind: 'error', text: '<img src=x onerror=alert(1)>.csv: no phone column found.' } });
    expect(tagOf(markup, 'error-notice')).toContain('notice-error');
    expect(tagOf(markup, 'error-notice')).toContain('role="alert"');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;.csv');
    expect(markup).not.toContain('<img');
  });

  it('shows a successful import with its details folded', () => {
    const markup = render({ importNotice: { kind: 'success', text: '✓ 2 phone numbers from a.csv', details: ['Row 3: <x> (bad)'] } });
    expect(tagOf(markup, 'import-result')).toContain('notice-success');
    expect(markup).toContain('<details class="notice-details">');
    expect(markup).toContain('Row 3: &lt;x&gt; (bad)');
  });

  it('escapes step titles and details from the server', () => {
    const markup = render({ dashboard: { ...dashboard, steps: [{ id: 'match', title: '<i>2</i>', available: false, detail: '"quoted" & <b>' }] } });
    expect(markup).toContain('&lt;i&gt;2&lt;/i&gt;');
    expect(markup).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
  });

  it('shows a load failure with a way to retry', () => {
    const markup = renderApp({ ...initialState(), loadError: 'Script function not found: getDashboard' }).markup;
    expect(tagOf(markup, 'load-error')).toContain('notice-error');
    expect(tagOf(markup, 'retry')).toContain('data-action="refresh"');
  });
});
