/** Steps the sidebar can show but not run yet: visibly there, visibly not usable. */
import { html, type SafeHtml } from '../html';
import type { DashboardStep } from '../../src/core/rpc';

const ACTION_LABELS: Record<DashboardStep['id'], string> = {
  import: 'Import',
  match: 'Run match',
  review: 'Review conflicts',
  push: 'Push to OpenPhone',
  verify: 'Show report',
};

export function renderStepCard(step: DashboardStep, runnable: boolean): SafeHtml {
  const usable = step.available && runnable;
  return html`<section class="card step ${usable ? 'active' : 'inactive'}" id="step-${step.id}" data-testid="step-${step.id}" data-step="${step.id}"${usable ? html`` : html` aria-disabled="true"`}>
<h2>${step.title}</h2>
<p class="step-detail" data-testid="step-${step.id}-detail">${step.detail}</p>
<div class="actions">
<button type="button" class="button primary" data-action="step-${step.id}" data-testid="step-${step.id}-action"${usable ? html`` : html` disabled`}>${ACTION_LABELS[step.id]}</button>
</div>
</section>`;
}
