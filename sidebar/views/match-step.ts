/**
 * Step 2: one button runs the whole match on the server; its counts, then the two ways on:
 * conflicts to review and numbers nobody matched, each in its own sheet for now.
 */
import { matchSummaryLines } from '../format';
import { html, type SafeHtml } from '../html';
import type { DashboardStep } from '../../src/core/rpc';
import { SHEETS } from '../../src/core/workbook-schema';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';

export function renderMatchStep(step: DashboardStep, state: SidebarState): SafeHtml {
  const usable = step.available;
  const busy = state.busy !== null;
  const matched = state.dashboard?.matched === true;
  const disabled = busy || !usable ? html` disabled` : html``;
  return html`<section class="card step ${usable ? 'active' : 'inactive'}" id="step-match" data-testid="step-match" data-step="match"${usable ? html`` : html` aria-disabled="true"`}>
<h2>${step.title}</h2>
<p class="step-detail" data-testid="step-match-detail">${step.detail}</p>
<div class="actions">
<button type="button" class="button primary" data-action="run-match" data-testid="step-match-action"${disabled}>${matched ? 'Run match again' : 'Run match'}</button>
</div>
${state.busy?.action === 'match' ? renderRunning(state.busy.label) : html``}
${
  state.matchSummary && !busy
    ? html`<ul class="match-counts" data-testid="match-counts">${matchSummaryLines(state.matchSummary).map(
        (line) => html`<li class="match-count ${line.kind}" data-testid="match-count" data-kind="${line.kind}">${line.text}</li>`,
      )}</ul>`
    : html``
}
${renderNotice(state.matchNotice, state.matchNotice?.kind === 'error' ? 'match-error' : 'match-notice')}
${matched && usable ? renderNext(busy) : html``}
</section>`;
}

/** The server answers only once the whole match is done, so the bar shows activity, not a share. */
function renderRunning(label: string): SafeHtml {
  return html`<div data-testid="match-busy">
<div class="progress indeterminate" role="progressbar" aria-label="Matching" aria-valuetext="Matching" data-testid="match-progress"><div class="progress-bar"></div></div>
<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${label}</p>
</div>`;
}

function renderNext(busy: boolean): SafeHtml {
  const disabled = busy ? html` disabled` : html``;
  return html`<div class="actions">
<button type="button" class="button" data-action="review-open" data-sheet="${SHEETS.conflicts}" data-testid="review-conflicts"${disabled}>Review Conflicts</button>
<button type="button" class="button" data-action="open-sheet" data-sheet="${SHEETS.unmapped}" data-testid="skip-to-manual"${disabled}>Skip to Manual</button>
</div>
<p class="hint small muted">Review here card by card, or pick from the Decision dropdowns in the Conflicts sheet and Apply decisions; type names or emails for unmatched numbers in the Unmapped sheet.</p>`;
}
