import { html, type SafeHtml } from '../html';
import type { Notice } from '../state';

export function renderNotice(notice: Notice | null, testId: string): SafeHtml {
  if (!notice) return html``;
  const role = notice.kind === 'error' ? 'alert' : 'status';
  const details =
    notice.details && notice.details.length > 0
      ? html`<details class="notice-details"><summary>Details</summary><ul>${notice.details.map((d) => html`<li>${d}</li>`)}</ul></details>`
      : html``;
  return html`<div class="notice notice-${notice.kind}" role="${role}" data-testid="${testId}">
<p class="notice-text">${notice.text}</p>${details}</div>`;
}
