/**
 * The preview page: the workbook's sheets as grids on the left, the real sidebar on the right,
 * at the 300 px Apps Script gives every sidebar. The grid code runs in the browser and is
 * injected by its source text, so it must not use anything from outside its own body.
 */
import { RPC_MESSAGE_TYPE } from './bridge';

/** Apps Script: "All sidebars shown by scripts are 300 pixels wide." */
export const SIDEBAR_WIDTH_PX = 300;
/** Rows drawn per sheet; a 7,000-row sheet would make the page sluggish for no benefit. */
export const GRID_ROW_LIMIT = 500;

export interface SheetSummary {
  name: string;
  hidden: boolean;
  frozenRows: number;
  rowCount: number;
  columnCount: number;
}

export interface WorkbookView {
  title: string;
  version: number;
  sheets: SheetSummary[];
  /** The sheet the answer shows: the one asked for, or the workbook's active sheet when none was. */
  active: { name: string; rows: string[][]; totalRows: number } | null;
  /** The workbook's active sheet, as the add-on's getActiveSheet() sees it. */
  activeSheet: string | null;
  /** Counts server calls that brought another sheet to the front (Sheet.activate, insertSheet…). */
  activeSheetChanges: number;
}

function pageClient(messageType: string, rowLimit: number): void {
  const tabs = document.getElementById('sheet-tabs')!;
  const grid = document.getElementById('sheet-grid')!;
  const note = document.getElementById('sheet-note')!;
  const titleEl = document.getElementById('workbook-title')!;
  let active: string | null = null;
  let shownVersion = -1;
  let seenActiveChanges = -1;
  let loading: Promise<void> | null = null;
  let again = false;

  function columnName(index: number): string {
    let name = '';
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  }

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderTabs(view: WorkbookView): void {
    tabs.replaceChildren(
      ...view.sheets.map((sheet) => {
        const tab = el('button', `sheet-tab${sheet.name === active ? ' active' : ''}${sheet.hidden ? ' hidden-sheet' : ''}`);
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(sheet.name === active));
        tab.dataset.testid = 'sheet-tab';
        tab.dataset.sheet = sheet.name;
        tab.append(el('span', 'tab-name', sheet.name));
        if (sheet.hidden) tab.append(el('span', 'tab-badge', 'hidden'));
        tab.title = `${sheet.name}: ${sheet.rowCount} ${sheet.rowCount === 1 ? 'row' : 'rows'}${sheet.hidden ? ' (hidden sheet)' : ''}`;
        tab.addEventListener('click', () => {
          active = sheet.name;
          shownVersion = -1;
          void refresh();
        });
        return tab;
      }),
    );
  }

  function renderGrid(view: WorkbookView): void {
    const sheet = view.sheets.find((s) => s.name === active);
    const data = view.active;
    grid.dataset.sheet = active ?? '';
    if (!sheet || !data) {
      grid.replaceChildren(el('p', 'empty', 'This workbook has no sheets.'));
      note.textContent = '';
      return;
    }
    const columns = Math.max(1, ...data.rows.map((r) => r.length));
    const table = el('table', 'grid');
    table.dataset.testid = 'sheet-table';
    const head = el('thead');
    const letters = el('tr', 'letters');
    letters.append(el('th', 'corner'));
    for (let c = 0; c < columns; c++) letters.append(el('th', 'col', columnName(c)));
    head.append(letters);
    table.append(head);
    const body = el('tbody');
    data.rows.forEach((row, r) => {
      const tr = el('tr', r < sheet.frozenRows ? 'frozen' : undefined);
      if (r < sheet.frozenRows) tr.style.setProperty('--frozen-index', String(r));
      tr.append(el('th', 'row', String(r + 1)));
      for (let c = 0; c < columns; c++) {
        const value = row[c] ?? '';
        const td = el('td', undefined, value);
        if (value.length > 40) td.title = value;
        tr.append(td);
      }
      body.append(tr);
    });
    table.append(body);
    grid.replaceChildren(table);
    const parts = [`${data.totalRows} ${data.totalRows === 1 ? 'row' : 'rows'}`];
    if (data.totalRows > data.rows.length) parts.push(`first ${data.rows.length} shown`);
    if (sheet.frozenRows) parts.push(`${sheet.frozenRows} frozen`);
    if (sheet.hidden) parts.push('hidden sheet');
    note.textContent = `${sheet.name}: ${parts.join(', ')}`;
  }

  async function load(): Promise<void> {
    const requested = active;
    const query = requested === null ? '' : `&sheet=${encodeURIComponent(requested)}`;
    const response = await fetch(`/api/workbook?limit=${rowLimit}${query}`);
    if (!response.ok) throw new Error(`the preview server answered ${response.status}`);
    const view = (await response.json()) as WorkbookView;
    const activeSheetMoved = seenActiveChanges >= 0 && view.activeSheetChanges !== seenActiveChanges;
    seenActiveChanges = view.activeSheetChanges;
    // A tab clicked while this answer was on its way wins, over a sheet the add-on activated
    // before the click too: the click's own load is already queued.
    if (active !== requested) return;
    if (activeSheetMoved) {
      const target = view.sheets.find((s) => s.name === view.activeSheet && !s.hidden);
      // The add-on brought a sheet to the front (or inserted one, which Sheets shows): follow it.
      if (target && target.name !== view.active?.name) {
        active = target.name;
        shownVersion = -1;
        again = true;
        return;
      }
    }
    if (view.version === shownVersion && active === (view.active?.name ?? null)) return;
    active = view.active?.name ?? null;
    shownVersion = view.version;
    titleEl.textContent = view.title;
    document.title = `${view.title} – preview`;
    renderTabs(view);
    renderGrid(view);
    document.body.dataset.version = String(view.version);
  }

  // One load at a time; a change that arrives meanwhile triggers one more.
  function refresh(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = load()
      .catch((e: unknown) => {
        note.textContent = `Could not read the workbook: ${e instanceof Error ? e.message : String(e)}`;
      })
      .finally(() => {
        loading = null;
        if (again) {
          again = false;
          void refresh();
        }
      });
    return loading;
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin) return;
    const data = event.data as { type?: string } | null;
    if (data && data.type === messageType) void refresh();
  });
  window.addEventListener('focus', () => void refresh());
  void refresh();
}

const STYLE = `
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font-family: Roboto, Arial, sans-serif; font-size: 13px; color: #202124; display: flex; flex-direction: column; background: #f8f9fa; }
.topbar { display: flex; align-items: baseline; gap: 12px; padding: 8px 16px; background: #fff; border-bottom: 1px solid #dadce0; }
.topbar h1 { font-size: 18px; font-weight: 400; margin: 0; }
.topbar .tag { color: #5f6368; font-size: 12px; }
.layout { flex: 1; display: flex; min-height: 0; }
.workbook { flex: 1; display: flex; flex-direction: column; min-width: 0; background: #fff; }
#sheet-grid { flex: 1; overflow: auto; }
table.grid { border-collapse: separate; border-spacing: 0; font-size: 13px; }
table.grid th, table.grid td { border-right: 1px solid #e2e3e3; border-bottom: 1px solid #e2e3e3; padding: 0 4px; height: 21px; white-space: nowrap; max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
table.grid td { min-width: 90px; background: #fff; }
table.grid thead th { position: sticky; top: 0; z-index: 3; background: #f8f9fa; color: #5f6368; font-weight: 400; text-align: center; }
table.grid th.row { position: sticky; left: 0; z-index: 2; background: #f8f9fa; color: #5f6368; font-weight: 400; min-width: 40px; text-align: center; }
table.grid thead th.corner { left: 0; z-index: 4; }
table.grid tr.frozen td, table.grid tr.frozen th.row { position: sticky; top: calc(22px * (var(--frozen-index) + 1)); z-index: 2; }
table.grid tr.frozen td { font-weight: 500; background: #f1f3f4; }
table.grid tr.frozen td, table.grid tr.frozen th { border-bottom: 2px solid #bdc1c6; }
.empty { padding: 16px; color: #5f6368; }
.statusbar { display: flex; align-items: stretch; gap: 8px; border-top: 1px solid #dadce0; background: #f1f3f4; min-height: 36px; }
#sheet-tabs { display: flex; overflow-x: auto; }
.sheet-tab { border: 0; border-right: 1px solid #dadce0; background: transparent; padding: 0 14px; font: inherit; color: #3c4043; cursor: pointer; white-space: nowrap; display: flex; align-items: center; gap: 6px; }
.sheet-tab:hover { background: #e8eaed; }
.sheet-tab.active { background: #fff; color: #1a73e8; font-weight: 500; box-shadow: inset 0 3px 0 #1a73e8; }
.sheet-tab.hidden-sheet .tab-name { font-style: italic; color: #80868b; }
.tab-badge { font-size: 10px; text-transform: uppercase; letter-spacing: 0.04em; background: #e8eaed; color: #5f6368; border-radius: 3px; padding: 1px 4px; }
#sheet-note { margin-left: auto; align-self: center; padding: 0 12px; color: #5f6368; font-size: 12px; white-space: nowrap; }
.sidebar-pane { flex: none; width: ${SIDEBAR_WIDTH_PX}px; display: flex; flex-direction: column; border-left: 1px solid #dadce0; background: #fff; box-shadow: -1px 0 4px rgba(60, 64, 67, 0.1); }
.sidebar-title { padding: 12px 16px; font-size: 16px; border-bottom: 1px solid #e8eaed; }
.sidebar-pane iframe { flex: 1; width: ${SIDEBAR_WIDTH_PX}px; border: 0; }
`;

/** The page itself; `title` is the workbook's name at start (the client keeps it current). */
export function pageHtml(title: string, escape: (s: string) => string): string {
  const client = `(${pageClient.toString()})(${JSON.stringify(RPC_MESSAGE_TYPE)}, ${GRID_ROW_LIMIT});`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – preview</title>
<style>${STYLE}</style>
</head>
<body>
<header class="topbar"><h1 id="workbook-title">${escape(title)}</h1><span class="tag">Local preview · offline</span></header>
<div class="layout">
<section class="workbook" aria-label="Workbook">
<div id="sheet-grid" data-testid="sheet-grid" role="tabpanel"></div>
<div class="statusbar"><nav id="sheet-tabs" role="tablist" aria-label="Sheets"></nav><span id="sheet-note" data-testid="sheet-note"></span></div>
</section>
<aside class="sidebar-pane" aria-label="Add-on sidebar">
<div class="sidebar-title">Contact Enrichment</div>
<iframe id="sidebar-frame" data-testid="sidebar-frame" name="sidebar" title="Contact Enrichment sidebar" src="/sidebar"></iframe>
</aside>
</div>
<script>${client.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>`;
}
