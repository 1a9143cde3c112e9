import { headerLine, namedProgress, progressLine } from '../format';
import { html, type SafeHtml } from '../html';
import type { DashboardView } from '../../src/core/rpc';

export function renderHeader(view: DashboardView): SafeHtml {
  const p = namedProgress(view);
  return html`<header class="dashboard-header">
<h1 id="unmapped-header" data-testid="unmapped-header">${headerLine(view)}</h1>
<div class="progress" role="progressbar" aria-label="Conversations with a named contact" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${p.percent}" data-testid="named-progress">
<div class="progress-bar" style="width: ${p.percent}%"></div>
</div>
<p class="muted small" data-testid="named-progress-text">${progressLine(p)}</p>
</header>`;
}
