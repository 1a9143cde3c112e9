/** The whole sidebar from its state. */
import { html, type SafeHtml } from '../html';
import type { SidebarState } from '../state';
import type { DashboardStep } from '../../src/core/rpc';
import { renderHeader } from './header';
import { renderImportStep } from './import-step';
import { renderMatchStep } from './match-step';
import { renderPushStep } from './push-step';
import { renderReviewScreen } from './review-screen';
import { renderReviewStep } from './review-step';
import { renderVerifyStep } from './verify-step';
import { renderStepCard } from './step-card';

/** Steps without their own card whose action this sidebar version can run; none yet. */
const RUNNABLE = new Set<DashboardStep['id']>([]);

function renderStep(step: DashboardStep, state: SidebarState): SafeHtml {
  if (step.id === 'import') return renderImportStep(step, state);
  if (step.id === 'match') return renderMatchStep(step, state);
  if (step.id === 'review') return renderReviewStep(step, state);
  if (step.id === 'push') return renderPushStep(step, state);
  if (step.id === 'verify') return renderVerifyStep(step, state);
  return renderStepCard(step, RUNNABLE.has(step.id));
}

export function renderApp(state: SidebarState): SafeHtml {
  if (!state.dashboard) {
    if (state.loadError) {
      return html`<div class="notice notice-error" role="alert" data-testid="load-error"><p class="notice-text">${state.loadError}</p>
<button type="button" class="button" data-action="refresh" data-testid="retry">Try again</button></div>`;
    }
    return html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>Loading…</p>`;
  }
  const view = state.dashboard;
  if (state.review) return renderReviewScreen(state, state.review);
  return html`${renderHeader(view)}
${state.loadError ? html`<div class="notice notice-error" role="alert" data-testid="load-error"><p class="notice-text">${state.loadError}</p></div>` : html``}
${view.steps.map((step) => renderStep(step, state))}`;
}
