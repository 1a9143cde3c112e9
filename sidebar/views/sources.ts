/** Source files in the Import card: what is loaded, what was chosen, and each upload's progress. */
import {
  formatCount,
  formatDate,
  groupSources,
  percentOf,
  recordsLine,
  sourceGroupLine,
  sourceResultDetails,
  sourceResultLine,
  uploadProgressLine,
} from '../format';
import { html, type SafeHtml } from '../html';
import { MAPPING_ROLES } from '../source-upload';
import type { SidebarState, SourceFileEntry } from '../state';
import type { SourceListItem } from '../../src/core/rpc';
import { renderNotice } from './notice';

export function renderSources(state: SidebarState): SafeHtml {
  const busy = state.busy !== null;
  const disabled = busy ? html` disabled` : html``;
  const ready = state.sourceFiles.filter((f) => f.phase === 'ready' && !f.message).length;
  const busyHere = state.busy && ['read-sources', 'sources', 'remove-source'].includes(state.busy.action);
  return html`<div class="sources" data-testid="sources">
<h3>Source files</h3>
${renderLoaded(state.dashboard?.sources ?? [], state.confirmRemove, busy)}
<div class="actions">
<input type="file" id="source-files" data-testid="source-files-input" class="visually-hidden" multiple accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"${disabled}>
<label class="button${busy ? ' disabled' : ''}" for="source-files" data-testid="source-files-label">Choose source files</label>
</div>
<p class="hint small muted">PropertyRadar, QuickBooks, OpenPhone contacts or any CSV; choose several at once.</p>
${state.sourceFiles.length > 0 ? html`<ul class="source-files" data-testid="source-files">${state.sourceFiles.map((f) => renderFile(f, busy))}</ul>` : html``}
${ready > 0 ? html`<div class="actions"><button type="button" class="button primary" data-action="import-sources" data-testid="source-import"${disabled}>Import ${ready === 1 ? '1 file' : `${formatCount(ready)} files`}</button></div>` : html``}
${busyHere && state.busy ? renderBusy(state) : html``}
${renderNotice(state.sourcesNotice, 'sources-notice')}
</div>`;
}

function renderBusy(state: SidebarState): SafeHtml {
  const p = state.sourceProgress;
  const label = p ? uploadProgressLine(p) : (state.busy?.label ?? '');
  const bar = p
    ? html`<div class="progress" role="progressbar" aria-label="All chosen files" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percentOf(p.rowsSent, p.rowsTotal)}" data-testid="source-progress"><div class="progress-bar upload" style="width: ${percentOf(p.rowsSent, p.rowsTotal)}%"></div></div>`
    : html``;
  return html`<div data-testid="sources-busy">${bar}<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${label}</p></div>`;
}

function renderLoaded(sources: SourceListItem[], confirmRemove: string | null, busy: boolean): SafeHtml {
  if (sources.length === 0) return html`<p class="small muted" data-testid="sources-empty">No source files imported yet.</p>`;
  return html`<div class="source-groups" data-testid="sources-list">${groupSources(sources).map(
    (g) => html`<div class="source-group" data-testid="source-group" data-type="${g.type}">
<p class="source-group-line" data-testid="source-group-line">${sourceGroupLine(g)}</p>
<ul class="source-items">${g.items.map((item) => renderItem(item, confirmRemove === item.sourceId, busy))}</ul>
</div>`,
  )}</div>`;
}

function renderItem(item: SourceListItem, confirming: boolean, busy: boolean): SafeHtml {
  const disabled = busy ? html` disabled` : html``;
  const confirm = confirming
    ? html`<div class="confirm" role="group" aria-label="Confirm removal">
<p class="small">Remove sheet ${item.sheet} and its ${countWord(item.totalRecords)}?</p>
<button type="button" class="button small-button danger" data-action="remove-source-confirm" data-source-id="${item.sourceId}" data-testid="source-remove-confirm"${disabled}>Remove</button>
<button type="button" class="button small-button" data-action="remove-source-cancel" data-testid="source-remove-cancel"${disabled}>Cancel</button>
</div>`
    : html``;
  return html`<li class="source-item" data-testid="source-item" data-source-id="${item.sourceId}" data-file-name="${item.fileName}">
<div class="row"><span class="file-name" title="${item.fileName}">${item.fileName}</span>
${confirming ? html`` : html`<button type="button" class="link-button" data-action="remove-source" data-source-id="${item.sourceId}" data-testid="source-remove" aria-label="Remove ${item.fileName}"${disabled}>Remove</button>`}</div>
<p class="small muted" data-testid="source-item-counts">${recordsLine(item.totalRecords, item.recordsWithPhone)} · sheet ${item.sheet}</p>
${confirm}
</li>`;
}

function countWord(records: number): string {
  return records === 1 ? '1 record' : `${formatCount(records)} records`;
}

function renderFile(f: SourceFileEntry, busy: boolean): SafeHtml {
  return html`<li class="source-file" data-testid="source-file" data-file-name="${f.fileName}" data-phase="${f.phase}">${fileBody(f, busy)}</li>`;
}

function fileBody(f: SourceFileEntry, busy: boolean): SafeHtml {
  const disabled = busy ? html` disabled` : html``;
  const key = f.key;
  const drop = html`<button type="button" class="link-button" data-action="source-drop" data-key="${key}" data-testid="source-drop" aria-label="Do not import ${f.fileName}"${disabled}>Skip</button>`;
  switch (f.phase) {
    case 'ready':
      return html`<div class="row"><span class="file-name" title="${f.fileName}">${f.fileName}</span>${drop}</div>
<p class="small muted" data-testid="source-file-records">${countWord(f.records ?? 0)}</p>
<label class="small format-choice">Format
<select data-source-profile="${key}" data-testid="source-profile"${disabled}>${(f.choices ?? []).map(
        (c) => html`<option value="${c.id}"${c.id === f.profileId ? html` selected` : html``}>${c.label}</option>`,
      )}</select></label>
${f.message ? html`<div class="notice notice-error" role="alert" data-testid="source-error"><p class="notice-text">${f.message}</p></div>` : html``}`;
    case 'queued':
      return html`<div class="row"><span class="file-name">${f.fileName}</span></div><p class="small muted">${f.profileLabel ?? ''} · waiting</p>`;
    case 'uploading': {
      const pct = percentOf(f.sent ?? 0, f.records ?? 0);
      return html`<div class="row"><span class="file-name">${f.fileName}</span></div>
<div class="progress" role="progressbar" aria-label="${f.fileName}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}" data-testid="source-file-progress"><div class="progress-bar upload" style="width: ${pct}%"></div></div>
<p class="small muted">${formatCount(f.sent ?? 0)} of ${countWord(f.records ?? 0)} sent</p>`;
    }
    case 'duplicate':
      return html`<div class="notice notice-info" role="status" data-testid="source-duplicate">
<p class="notice-text">${f.fileName} was already imported as sheet ${f.existing?.sheet ?? ''} on ${formatDate(f.existing?.uploadedAt ?? '')}.</p>
<div class="actions">
<button type="button" class="button small-button primary" data-action="source-replace" data-key="${key}" data-testid="source-replace"${disabled}>Replace</button>
<button type="button" class="button small-button" data-action="source-keep" data-key="${key}" data-testid="source-keep"${disabled}>Keep</button>
</div></div>`;
    case 'mapping':
      return renderMapping(f, busy);
    case 'done': {
      const r = f.result!;
      return renderNotice({ kind: 'success', text: sourceResultLine(r), details: sourceResultDetails(r) }, 'source-result');
    }
    case 'kept':
      return html`<div class="notice notice-info" role="status" data-testid="source-kept"><p class="notice-text">${f.fileName}: kept the earlier import (sheet ${f.existing?.sheet ?? ''}).</p></div>`;
    case 'failed':
      return html`<div class="notice notice-error" role="alert" data-testid="source-error"><p class="notice-text">${f.message ?? ''}</p>
<div class="actions"><button type="button" class="button small-button" data-action="source-retry" data-key="${key}" data-testid="source-retry"${disabled}>Try again</button>${drop}</div></div>`;
    case 'unreadable':
      return html`<div class="notice notice-error" role="alert" data-testid="source-error"><p class="notice-text">${f.message ?? ''}</p></div>`;
  }
}

function renderMapping(f: SourceFileEntry, busy: boolean): SafeHtml {
  const disabled = busy ? html` disabled` : html``;
  const header = f.header ?? [];
  return html`<form class="mapping" data-action="source-mapping" data-key="${f.key}" data-testid="source-mapping">
<p class="small"><strong>${f.fileName}</strong>: no phone column was recognised. Choose what each column holds; this file layout will be remembered.</p>
<table class="mapping-table"><tbody>${header.map(
    (h, i) => html`<tr><th scope="row" title="${h}"><label for="map-${f.key}-${i}">${h || `(column ${i + 1})`}</label></th>
<td><select id="map-${f.key}-${i}" name="col-${i}" data-testid="source-mapping-column" data-column="${h}"${disabled}>${MAPPING_ROLES.map(
      (r) => html`<option value="${r.role}"${f.roles?.[i] === r.role ? html` selected` : html``}>${r.label}</option>`,
    )}</select></td></tr>`,
  )}</tbody></table>
${f.message ? html`<p class="field-error small" role="alert" data-testid="source-mapping-error">${f.message}</p>` : html``}
<div class="actions">
<button type="submit" class="button small-button primary" data-testid="source-mapping-submit"${disabled}>Import with these columns</button>
<button type="button" class="button small-button" data-action="source-drop" data-key="${f.key}" data-testid="source-mapping-skip"${disabled}>Skip file</button>
</div>
</form>`;
}
