/** Step 1: conversations from a CSV file or the OpenPhone API, the API key they need, and source files. */
import { html, type SafeHtml } from '../html';
import type { DashboardStep } from '../../src/core/rpc';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';
import { renderKeySettings } from './key-settings';
import { renderQuickBooks } from './quickbooks';
import { renderSources } from './sources';

export function renderImportStep(step: DashboardStep, state: SidebarState): SafeHtml {
  const view = state.dashboard;
  const busy = state.busy !== null;
  const hasKey = view?.hasOpenPhoneKey === true;
  const busyLine =
    state.busy && (state.busy.action === 'csv' || state.busy.action === 'openphone')
      ? html`<p class="busy" role="status" data-testid="busy"><span class="spinner" aria-hidden="true"></span>${state.busy.label}</p>`
      : html``;
  return html`<section class="card step active" id="step-import" data-testid="step-import" data-step="import">
<h2>${step.title}</h2>
<p class="step-detail" data-testid="step-import-detail">${step.detail}</p>
<div class="actions stacked">
<input type="file" id="conversations-file" data-testid="conversations-file" class="visually-hidden" accept=".csv,text/csv,text/plain"${busy ? html` disabled` : html``}>
<label class="button primary${busy ? ' disabled' : ''}" for="conversations-file" data-testid="conversations-file-label">Upload conversations CSV</label>
<button type="button" class="button" id="load-openphone" data-testid="load-openphone" data-action="load-openphone"${!hasKey || busy ? html` disabled` : html``}>Load from OpenPhone</button>
</div>
${hasKey ? html`` : html`<p class="hint small muted" data-testid="load-openphone-hint">Save an OpenPhone API key below to load conversations directly.</p>`}
${busyLine}
${renderNotice(state.importNotice, state.importNotice?.kind === 'error' ? 'error-notice' : 'import-result')}
${renderKeySettings(state)}
${renderQuickBooks(state)}
${renderSources(state)}
</section>`;
}
