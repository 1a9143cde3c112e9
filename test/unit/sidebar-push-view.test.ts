import { describe, expect, it } from 'vitest';
import { initialState, type SidebarState } from '../../sidebar/state';
import { renderApp } from '../../sidebar/views/app';
import { etaText } from '../../sidebar/views/push-step';
import type { PushPlanView, PushProgress } from '../../src/core/push/rpc';
import { dashboardView } from '../fixtures/dashboard';

const ready = dashboardView({ conversations: 10, unmapped: 2, matched: true, hasOpenPhoneKey: true, report: { contacts: 8, pushed: 3 } });
const progress: PushProgress = {
  state: 'running',
  total: 700,
  done: 210,
  created: 200,
  linked: 8,
  updated: 2,
  errors: 1,
  unchanged: 5,
  skipped: 3,
  etaSeconds: 52,
  message: '',
  startedAt: '',
};

function render(over: Partial<SidebarState> = {}): string {
  return renderApp({ ...initialState(), dashboard: ready, ...over }).markup;
}

function tagOf(markup: string, testId: string): string {
  const match = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(markup);
  if (!match) throw new Error(`no element ${testId}`);
  return match[0];
}

describe('the push card', () => {
  it('waits for a key, then offers a dry run and the push', () => {
    const noKey = renderApp({
      ...initialState(),
      dashboard: dashboardView({ conversations: 10, matched: true, report: { contacts: 8 } }),
    }).markup;
    expect(noKey).toContain('Save the OpenPhone API key (step 1) to push');
    expect(tagOf(noKey, 'push-start')).toContain(' disabled');
    const markup = render();
    expect(tagOf(markup, 'push-start')).not.toContain(' disabled');
    expect(markup).toContain('8 contacts · 3 in OpenPhone');
    expect(markup).not.toContain('data-testid="push-cancel"');
  });

  it('shows the bar, counts, ETA and an enabled Cancel while pushing, whatever else is disabled', () => {
    const markup = render({ busy: { action: 'push', label: 'Pushing…' }, pushProgress: progress });
    expect(tagOf(markup, 'push-bar')).toContain('aria-valuenow="210"');
    expect(tagOf(markup, 'push-bar')).toContain('aria-valuemax="700"');
    expect(markup).toContain('width: 30%');
    expect(markup).toContain('210 of 700 contacts · about 52 s left');
    expect(markup).toContain('200 created · 8 linked · 2 updated · 1 with problems · 5 unchanged · 3 skipped');
    expect(tagOf(markup, 'push-cancel')).not.toContain(' disabled');
    expect(tagOf(markup, 'push-start')).toContain(' disabled');
    expect(tagOf(render({ busy: { action: 'push', label: '' }, pushProgress: progress, pushCancelling: true }), 'push-cancel')).toContain(
      ' disabled',
    );
  });

  it('offers Resume push for a push left unfinished', () => {
    const markup = render({ pushProgress: progress });
    expect(markup).toContain('>Resume push<');
    expect(markup).toContain('Push paused: press Resume push to go on where it stopped');
    const quota = render({ pushProgress: { ...progress, state: 'quota', message: "Today's UrlFetch quota is used up" } });
    expect(quota).toContain('Today&#39;s UrlFetch quota is used up');
  });

  it('escapes what the plan and the verification show', () => {
    const plan: PushPlanView = {
      rows: 1,
      create: 0,
      update: 0,
      unchanged: 0,
      skippedPhoneOnly: 0,
      skippedOpenPhoneOnly: 0,
      errors: 1,
      alreadyInOpenPhone: 0,
      apiCalls: 2,
      seconds: 1,
      quotaPerDay: 20000,
      usedToday: 0,
      fitsToday: 0,
      customFields: { mapped: [], missing: [] },
      problems: [{ contactId: '<img src=x onerror=alert(1)>', row: 2, message: 'bad <b>row</b>' }],
      lines: ['<script>alert(1)</script>'],
    };
    const markup = render({ pushPlan: plan });
    expect(markup).not.toContain('<script>alert');
    expect(markup).not.toContain('<img src=x');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('Row 2 (&lt;img src=x onerror=alert(1)&gt;): bad &lt;b&gt;row&lt;/b&gt;');
  });

  it('words the time left', () => {
    expect(etaText(0)).toBe('');
    expect(etaText(45)).toBe('about 45 s left');
    expect(etaText(700)).toBe('about 12 min left');
  });
});
