import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../sidebar/html';
import { initialState, type SidebarState } from '../../sidebar/state';
import { renderApp } from '../../sidebar/views/app';
import type { MatchSummary } from '../../src/core/rpc';
import { dashboardView } from '../fixtures/dashboard';

const dashboard = dashboardView({ conversations: 6842, unmapped: 1368 });
const notImported = dashboardView();
const matched = dashboardView({
  conversations: 6842,
  unmapped: 1368,
  matched: true,
  report: { contacts: 5034, conflictsPending: 310, unmapped: 1058 },
});
const summary: MatchSummary = { phones: 6842, autoMatched: 5120, conflicts: 310, unmapped: 1058, contacts: 5034, decisionsKept: 3 };

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
    const markup = render({ dashboard: notImported });
    for (const id of ['match', 'review']) {
      expect(tagOf(markup, `step-${id}`)).toMatch(/class="card step inactive"/);
      expect(tagOf(markup, `step-${id}`)).toContain('aria-disabled="true"');
      expect(tagOf(markup, `step-${id}-action`)).toContain(' disabled');
    }
    expect(markup).toContain('Import conversations first');
    expect(markup).toContain('3. Review conflicts');
    expect(markup).toContain('Run match first');
    expect(tagOf(markup, 'step-import')).toContain('active');
    expect(markup).not.toContain('data-testid="review-conflicts"');
  });

  it('offers Run match once conversations are imported, and nothing more before a run', () => {
    const markup = render();
    expect(tagOf(markup, 'step-match')).toMatch(/class="card step active"/);
    expect(tagOf(markup, 'step-match')).not.toContain('aria-disabled');
    expect(tagOf(markup, 'step-match-action')).not.toContain(' disabled');
    expect(tagOf(markup, 'step-match-action')).toContain('data-action="run-match"');
    expect(markup).toContain('Match 6842 phone numbers against 0 sources');
    expect(markup).not.toContain('data-testid="match-counts"');
    expect(markup).not.toContain('data-testid="review-conflicts"');
  });

  it('shows an animated bar and disables every button while match runs', () => {
    const markup = render({ dashboard: matched, busy: { action: 'match', label: 'Matching…' } });
    expect(tagOf(markup, 'match-progress')).toContain('class="progress indeterminate"');
    expect(tagOf(markup, 'match-progress')).toContain('role="progressbar"');
    expect(tagOf(markup, 'match-progress')).not.toContain('aria-valuenow');
    for (const id of ['step-match-action', 'review-conflicts', 'skip-to-manual', 'conversations-file', 'api-key-save']) {
      expect(tagOf(markup, id)).toContain(' disabled');
    }
    expect(markup).not.toContain('data-testid="match-counts"');
  });

  it('shows the counts of the run and the two ways on', () => {
    const markup = render({ dashboard: matched, matchSummary: summary });
    const counts = [...markup.matchAll(/data-kind="(\w+)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(counts).toEqual([
      ['auto', '✓ 5,120 confident matches applied'],
      ['conflicts', '310 conflicts need review'],
      ['unmapped', '1,058 with no match'],
      ['contacts', '5,034 contacts'],
      ['kept', '3 earlier decisions kept'],
    ]);
    expect(markup).toContain('5034 contacts · 310 conflicts to review · 1058 with no match');
    expect(tagOf(markup, 'review-conflicts')).toContain('data-sheet="Conflicts"');
    expect(tagOf(markup, 'skip-to-manual')).toContain('data-sheet="Unmapped"');
    expect(tagOf(markup, 'review-conflicts')).not.toContain(' disabled');
    expect(markup).toMatch(/data-testid="step-match-action"[^>]*>Run match again</);
  });

  it('keeps the ways on after a reload, when only the dashboard knows match ran', () => {
    const markup = render({ dashboard: matched });
    expect(markup).not.toContain('data-testid="match-counts"');
    expect(tagOf(markup, 'review-conflicts')).toBeTruthy();
    expect(tagOf(markup, 'skip-to-manual')).toBeTruthy();
  });

  it('shows a failed match in the red notice, escaped', () => {
    const markup = render({
      matchNotice: { kind: 'error', text: 'Settings: "Auto threshold" must be a number from 0 to 1 (found "<b>high</b>").' },
    });
    expect(tagOf(markup, 'match-error')).toContain('notice-error');
    expect(tagOf(markup, 'match-error')).toContain('role="alert"');
    expect(markup).toContain('&quot;Auto threshold&quot;');
    expect(markup).toContain('&lt;b&gt;high&lt;/b&gt;');
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
    const markup = render({
      dashboard: { ...dashboard, hasOpenPhoneKey: true },
      busy: { action: 'csv', label: 'Importing <b>x</b>.csv…' },
    });
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
    const markup = render({
      dashboard: { ...dashboard, steps: [{ id: 'match', title: '<i>2</i>', available: false, detail: '"quoted" & <b>' }] },
    });
    expect(markup).toContain('&lt;i&gt;2&lt;/i&gt;');
    expect(markup).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
  });

  it('shows a load failure with a way to retry', () => {
    const markup = renderApp({ ...initialState(), loadError: 'Script function not found: getDashboard' }).markup;
    expect(tagOf(markup, 'load-error')).toContain('notice-error');
    expect(tagOf(markup, 'retry')).toContain('data-action="refresh"');
  });
});

describe('the verification panel', () => {
  it('shows the four success figures against their goals, floored as the header is, each opening its sheet', async () => {
    const { verificationFigures } = await import('../../sidebar/views/verify-step');
    const figures = verificationFigures({
      conversations: 1000,
      contacts: 820,
      conversationsNamed: 799,
      conversationsWithEmail: 500,
      quickbooksCustomers: 10,
      quickbooksMatched: 10,
      conflictsPending: 3,
      unmapped: 198,
      pushed: 0,
      duplicateContacts: 0,
    });
    expect(figures.map((f) => [f.id, f.value, f.met, f.sheet])).toEqual([
      ['named', '79%', false, 'Contacts'],
      ['emails', '50%', true, 'Contacts'],
      ['quickbooks', '10 of 10', true, 'Contacts'],
      ['duplicates', '0', true, 'Contacts'],
      ['conflicts', '3', false, 'Conflicts'],
      ['unmapped', '198', false, 'Unmapped'],
    ]);
  });
});
