/**
 * Step 1's QuickBooks row, as the design has it: `QuickBooks: [Sync] ✓ 1,234 customers`. The
 * connection is made once (QuickBooks opens in its own tab, as an OAuth consent must), after which
 * Sync brings every customer with its job and payment history into the QuickBooks sheet.
 */
import { formatCount, formatDateTime } from '../format';
import { html, type SafeHtml } from '../html';
import type { QuickBooksStatus, QuickBooksSyncProgress } from '../../src/core/rpc';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';

const PHASES: Array<{ phase: QuickBooksSyncProgress['phase']; label: string }> = [
  { phase: 'customers', label: 'customers' },
  { phase: 'invoices', label: 'invoices' },
  { phase: 'payments', label: 'payments' },
  { phase: 'writing', label: 'writing the QuickBooks sheet' },
];

export function customersLine(n: number): string {
  return n === 1 ? '1 customer' : `${formatCount(n)} customers`;
}

export function renderQuickBooks(state: SidebarState): SafeHtml {
  const qb = state.quickBooks;
  return html`<div class="quickbooks" data-testid="quickbooks">
<h3>QuickBooks Online</h3>
${qb ? body(qb, state) : html`<p class="small muted">Checking the QuickBooks connection…</p>`}
${renderNotice(state.quickBooksNotice, state.quickBooksNotice?.kind === 'error' ? 'quickbooks-error' : 'quickbooks-notice')}
</div>`;
}

function body(qb: QuickBooksStatus, state: SidebarState): SafeHtml {
  const busy = state.busy !== null;
  const off = busy ? html` disabled` : html``;
  if (!qb.configured)
    return html`<p class="small muted" data-testid="quickbooks-setup">QuickBooks Online is not set up for this add-on yet. Once, the admin registers it with Intuit and saves its client ID and secret in the script properties <code>QUICKBOOKS_CLIENT_ID</code> and <code>QUICKBOOKS_CLIENT_SECRET</code>. Until then, import a QuickBooks customer export below.</p>`;
  if (!qb.connected) return renderConnect(qb, state);

  const syncing = state.busy?.action === 'quickbooks-sync';
  const p = state.quickBooksProgress ?? qb.sync;
  const unfinished = !syncing && p !== null && ['running', 'waiting', 'cancelled', 'failed'].includes(p.state);
  const line =
    qb.customers === null
      ? html`<span class="small muted" data-testid="quickbooks-count">not synced yet</span>`
      : html`<span class="ok" data-testid="quickbooks-count">✓ ${customersLine(qb.customers)}</span>`;
  return html`<div class="row quickbooks-row">
<button type="button" class="button primary" data-action="quickbooks-sync" data-testid="quickbooks-sync"${off}>${unfinished ? 'Resume sync' : 'Sync'}</button>
${line}
</div>
${syncing && p ? renderProgress(p, state.quickBooksCancelling) : html``}
${unfinished && p?.message ? html`<p class="small" data-testid="quickbooks-paused">${p.message}</p>` : html``}
<p class="small muted" data-testid="quickbooks-connection">${qb.lastSyncAt ? `Last sync ${formatDateTime(qb.lastSyncAt)} · ` : ''}QuickBooks ${qb.environment === 'sandbox' ? 'sandbox company' : 'company'} ${qb.realmId ?? ''}</p>
${
  state.confirmDisconnect
    ? html`<div class="confirm" role="group" aria-label="Confirm disconnect">
<p class="small">Disconnect QuickBooks? The add-on forgets its tokens; the QuickBooks sheet and every decision stay.</p>
<button type="button" class="button small-button danger" data-action="quickbooks-disconnect-confirm" data-testid="quickbooks-disconnect-confirm"${off}>Disconnect</button>
<button type="button" class="button small-button" data-action="quickbooks-disconnect-cancel" data-testid="quickbooks-disconnect-cancel"${off}>Cancel</button>
</div>`
    : html`<button type="button" class="link-button small" data-action="quickbooks-disconnect" data-testid="quickbooks-disconnect"${off}>Disconnect QuickBooks</button>`
}`;
}

function renderConnect(qb: QuickBooksStatus, state: SidebarState): SafeHtml {
  const busy = state.busy !== null;
  const url = state.quickBooksAuthUrl;
  // A link, not window.open after a server call: browsers let only a click open a tab.
  const connect = url
    ? html`<a class="button primary${busy ? ' disabled' : ''}" href="${url}" target="_blank" rel="noopener" data-action="quickbooks-connect" data-testid="quickbooks-connect"${busy ? html` aria-disabled="true" tabindex="-1"` : html``}>${qb.message ? 'Reconnect QuickBooks' : 'Connect QuickBooks'}</a>`
    : html`<p class="small muted">Preparing the connection…</p>`;
  return html`${qb.message ? html`<div class="notice notice-error" role="alert" data-testid="quickbooks-reconnect"><p class="notice-text">${qb.message}</p></div>` : html``}
<div class="actions">${connect}
${state.quickBooksWaiting ? html`<button type="button" class="button" data-action="quickbooks-check" data-testid="quickbooks-check"${busy ? html` disabled` : html``}>I have approved it</button>` : html``}</div>
<p class="hint small muted" data-testid="quickbooks-connect-hint">${
    state.quickBooksWaiting
      ? 'Approve the connection in the QuickBooks tab; this row updates once QuickBooks sends you back.'
      : `QuickBooks opens in a new tab to ask which company to share (${qb.environment === 'sandbox' ? 'sandbox' : 'production'}).`
  }</p>`;
}

function renderProgress(p: QuickBooksSyncProgress, cancelling: boolean): SafeHtml {
  const step = PHASES.findIndex((x) => x.phase === p.phase);
  // Only the customer count is known ahead; the other phases move the bar a step at a time.
  const within = p.phase === 'customers' && p.totalCustomers ? Math.min(1, p.fetched.customers / p.totalCustomers) : 0;
  const share = Math.round(((Math.max(0, step) + within) / PHASES.length) * 100);
  const counts = [
    `${formatCount(p.fetched.customers)}${p.totalCustomers !== null ? ` of ${formatCount(p.totalCustomers)}` : ''} customers`,
    `${formatCount(p.fetched.invoices)} invoices`,
    `${formatCount(p.fetched.payments)} payments`,
  ];
  const status = cancelling
    ? 'Stopping after the current page…'
    : p.state === 'waiting'
      ? `QuickBooks asked to slow down: going on in ${p.retryAfterSeconds ?? 60} s.`
      : `Step ${step + 1} of ${PHASES.length}: ${PHASES[step]?.label ?? p.phase}…`;
  return html`<div class="sync-progress" data-testid="quickbooks-progress" data-state="${p.state}" data-phase="${p.phase}">
<div class="progress" role="progressbar" aria-label="QuickBooks sync" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${share}" data-testid="quickbooks-bar"><div class="progress-bar upload" style="width: ${share}%"></div></div>
<p class="small muted" data-testid="quickbooks-counts">${counts.join(' · ')}</p>
<p class="small" role="status" data-testid="quickbooks-status">${status}</p>
<div class="actions"><button type="button" class="button small-button danger" data-action="quickbooks-cancel" data-testid="quickbooks-cancel"${cancelling ? html` disabled` : html``}>${cancelling ? 'Cancelling…' : 'Cancel'}</button></div>
</div>`;
}

/** The success line once a sync has written the sheet. */
export function syncedLine(p: QuickBooksSyncProgress): { text: string; details: string[] } {
  const s = p.summary;
  if (!s) return { text: 'QuickBooks sync finished.', details: [] };
  const parts = [`${formatCount(s.withPhone)} with a phone`];
  if (s.subCustomers) parts.push(`${formatCount(s.subCustomers)} jobs`);
  if (s.inactive) parts.push(`${formatCount(s.inactive)} inactive`);
  return {
    text: `Synced ${customersLine(s.customers)} from QuickBooks (${parts.join(', ')}; ${formatCount(s.invoices)} invoices, ${formatCount(s.payments)} payments) into the QuickBooks sheet. Run the match again to use them.`,
    details: s.problems.map((x) => `${x.customer}: ${x.message}`),
  };
}
