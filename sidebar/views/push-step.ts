/**
 * Step 4, the push: a dry run first (what would be created, updated, skipped, the API calls,
 * the time and the day's quota), then the push itself, chunk after chunk, with a bar, counts,
 * an ETA and Cancel. Step 5 checks the figures against OpenPhone by listing our contacts back.
 */
import { formatCount } from '../format';
import { html, type SafeHtml } from '../html';
import type { DashboardStep } from '../../src/core/rpc';
import type { PushProgress, PushVerification } from '../../src/core/push/rpc';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';

function card(step: DashboardStep, body: SafeHtml): SafeHtml {
  const usable = step.available;
  return html`<section class="card step ${usable ? 'active' : 'inactive'}" id="step-${step.id}" data-testid="step-${step.id}" data-step="${step.id}"${usable ? html`` : html` aria-disabled="true"`}>
<h2>${step.title}</h2>
<p class="step-detail" data-testid="step-${step.id}-detail">${step.detail}</p>
${body}
</section>`;
}

export function etaText(seconds: number): string {
  if (seconds <= 0) return '';
  if (seconds < 90) return `about ${seconds} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

export function progressCounts(p: PushProgress): string {
  const parts = [`${formatCount(p.created)} created`];
  if (p.linked) parts.push(`${formatCount(p.linked)} linked`);
  if (p.updated) parts.push(`${formatCount(p.updated)} updated`);
  if (p.errors) parts.push(`${formatCount(p.errors)} with problems`);
  return parts.join(' · ');
}

/** An unfinished job (the sidebar was closed, Cancel, the quota, a refused key) can go on. */
function resumable(p: PushProgress | null): boolean {
  return p !== null && ['running', 'cancelled', 'quota', 'stopped'].includes(p.state) && p.done < p.total;
}

export function renderPushStep(step: DashboardStep, state: SidebarState): SafeHtml {
  const pushing = state.busy?.action === 'push';
  const busy = state.busy !== null;
  const off = busy || !step.available ? html` disabled` : html``;
  const p = state.pushProgress;
  const plan = state.pushPlan;
  const again = resumable(p) && !pushing;
  return card(
    step,
    html`<div class="actions">
<button type="button" class="button" data-action="push-plan" data-testid="push-plan"${off}>Dry run</button>
<button type="button" class="button primary" data-action="push-start" data-testid="push-start"${off}>${again ? 'Resume push' : 'Push to OpenPhone'}</button>
${pushing ? html`<button type="button" class="button danger" data-action="push-cancel" data-testid="push-cancel"${state.pushCancelling ? html` disabled` : html``}>${state.pushCancelling ? 'Cancelling…' : 'Cancel'}</button>` : html``}
</div>
${state.busy?.action === 'push-plan' ? html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${state.busy.label}</p>` : html``}
${
  plan && !pushing
    ? html`<div class="push-plan" data-testid="push-plan-result"><ul class="plan-lines">${plan.lines.map((l) => html`<li data-testid="push-plan-line">${l}</li>`)}</ul>${
        plan.problems.length
          ? html`<details class="notice-details"><summary>${formatCount(plan.problems.length)} rows OpenPhone cannot take</summary><ul>${plan.problems.map((x) => html`<li>Row ${x.row} (${x.contactId}): ${x.message}</li>`)}</ul></details>`
          : html``
      }</div>`
    : html``
}
${p && p.state !== 'idle' && (pushing || again || p.state === 'done') ? renderProgress(p, pushing, state.pushCancelling) : html``}
${renderNotice(state.pushNotice, state.pushNotice?.kind === 'error' ? 'push-error' : 'push-notice')}`,
  );
}

function renderProgress(p: PushProgress, pushing: boolean, cancelling: boolean): SafeHtml {
  const share = p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : 100;
  const status = pushing
    ? cancelling
      ? 'Stopping after the current batch…'
      : 'Pushing…'
    : p.state === 'done'
      ? 'Push finished'
      : p.state === 'running'
        ? 'Push paused: press Resume push to go on where it stopped'
        : p.message;
  const eta = pushing ? etaText(p.etaSeconds) : '';
  return html`<div class="push-progress" data-testid="push-progress" data-state="${p.state}">
<div class="progress" role="progressbar" aria-label="Push to OpenPhone" aria-valuemin="0" aria-valuemax="${p.total}" aria-valuenow="${p.done}" data-testid="push-bar"><div class="progress-bar upload" style="width: ${share}%"></div></div>
<p class="small" data-testid="push-done">${formatCount(p.done)} of ${formatCount(p.total)} contacts${eta ? ` · ${eta}` : ''}</p>
<p class="small muted" data-testid="push-counts">${progressCounts(p)}${p.unchanged ? ` · ${formatCount(p.unchanged)} unchanged` : ''}${p.skipped ? ` · ${formatCount(p.skipped)} skipped` : ''}</p>
<p class="small" data-testid="push-status">${status}</p>
</div>`;
}

/** What OpenPhone itself holds of our contacts, listed back after a push. */
export function renderVerification(v: PushVerification): SafeHtml {
  const rows: Array<[string, string, number, boolean]> = [
    ['in-openphone', 'Our contacts in OpenPhone', v.inOpenPhone, true],
    ['created', 'Created', v.created, true],
    ['updated', 'Updated', v.updated, true],
    ['named', 'Named', v.named, true],
    ['phone-only', 'Phone only', v.phoneOnly, true],
    ['with-email', 'With an email', v.withEmail, true],
    ['quickbooks', 'QuickBooks customers in OpenPhone', v.quickbooksMatched, true],
    ['duplicates', 'Duplicates', v.duplicates, v.duplicates === 0],
    ['missing', 'Pushed rows missing in OpenPhone', v.missing, v.missing === 0],
    ['mismatched', 'Pushed rows that differ from the sheet', v.mismatched, v.mismatched === 0],
  ];
  return html`<table class="verify-table" data-testid="verification"><tbody>${rows.map(
    ([id, label, n, ok]) =>
      html`<tr data-testid="verify-${id}" class="${ok ? '' : 'bad'}"><th scope="row">${label}</th><td>${formatCount(n)}</td></tr>`,
  )}</tbody></table>
<p class="small muted">Listed back from OpenPhone, ${formatCount(v.rowsPushed)} pushed rows compared with the sheet.</p>`;
}
