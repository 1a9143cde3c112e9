/**
 * Step 3, review: how many conflicts wait, the way in to the review screen, the sheet path's
 * [Apply decisions], the rules that decide similar conflicts (removable), and phase 3: the
 * numbers nobody matched, downloadable as a CSV file or typed into the Unmapped sheet.
 */
import { html, type SafeHtml } from '../html';
import type { DashboardStep } from '../../src/core/rpc';
import { SHEETS } from '../../src/core/workbook-schema';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';

export function renderReviewStep(step: DashboardStep, state: SidebarState): SafeHtml {
  const usable = step.available;
  const busy = state.busy !== null;
  const report = state.dashboard?.report;
  const off = busy || !usable ? html` disabled` : html``;
  return html`<section class="card step ${usable ? 'active' : 'inactive'}" id="step-review" data-testid="step-review" data-step="review"${usable ? html`` : html` aria-disabled="true"`}>
<h2>${step.title}</h2>
<p class="step-detail" data-testid="step-review-detail">${step.detail}</p>
<div class="actions">
<button type="button" class="button primary" data-action="review-open" data-testid="step-review-action"${busy || !usable || !report?.conflictsPending ? html` disabled` : html``}>Review Conflicts</button>
<button type="button" class="button" data-action="apply-decisions" data-testid="apply-decisions"${off}>Apply decisions</button>
</div>
<p class="small muted">Or decide in the sheet: <button type="button" class="link-button" data-action="open-sheet" data-sheet="${SHEETS.conflicts}" data-testid="open-conflicts"${off}>open the Conflicts sheet</button>, pick from the Decision dropdowns, then Apply decisions.</p>
${state.busy?.action === 'apply-decisions' ? html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${state.busy.label}</p>` : html``}
${renderNotice(state.reviewNotice, state.reviewNotice?.kind === 'error' ? 'review-step-error' : 'review-step-notice')}
${
  usable && state.dashboard?.reviewer.anonymous
    ? html`<form class="key-form reviewer-form" data-action="save-reviewer" data-testid="reviewer-form">
<label class="small muted" for="reviewer-name">Google does not share your address with add-ons: decisions are logged as “${state.dashboard.reviewer.name}”. Your name:</label>
<input id="reviewer-name" name="reviewer" type="text" autocomplete="name" data-testid="reviewer-name">
<button type="submit" class="button small-button"${off}>Save</button>
</form>`
    : html``
}
${
  (state.dashboard?.rules ?? []).length
    ? html`<div class="rules" data-testid="rules"><h3>Rules for similar conflicts</h3><ul class="source-items">${(
        state.dashboard?.rules ?? []
      ).map(
        (r) =>
          html`<li class="source-item" data-testid="rule" data-rule-id="${r.ruleId}"><p>${r.description}</p><p class="small muted">${r.decided} decided · <button type="button" class="link-button" data-action="remove-rule" data-rule-id="${r.ruleId}" data-testid="remove-rule"${off}>Remove</button></p></li>`,
      )}</ul></div>`
    : html``
}
${
  usable && report
    ? html`<div class="unmapped-tools" data-testid="unmapped-tools">
<h3>Numbers with no match</h3>
<p class="small muted">${report.unmapped} numbers: type a name or email for any of them in the Unmapped sheet, then Apply decisions; the rest stay phone-only contacts.</p>
<div class="actions">
<button type="button" class="button small-button" data-action="export-unmapped" data-testid="export-unmapped"${off}>Download CSV</button>
<button type="button" class="button small-button" data-action="open-sheet" data-sheet="${SHEETS.unmapped}" data-testid="open-unmapped"${off}>Open Unmapped</button>
</div></div>`
    : html``
}
</section>`;
}
