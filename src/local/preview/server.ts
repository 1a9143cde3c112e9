/**
 * The local preview: the built add-on running in the emulator, its workbook drawn as grids and
 * the real built sidebar beside it, with the OpenPhone mock standing in for the API.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  contentExtent,
  createEmulator,
  displayValues,
  loadWorkbook,
  newWorkbook,
  saveWorkbook,
  type Emulator,
  type WorkbookModel,
} from '../emulator';
import { startOpenPhoneMock } from '../openphone-mock/launch';
import { startQuickBooksMock, type QuickBooksMockHandle, type QuickBooksMockLaunchOptions } from '../quickbooks-mock/launch';
import { buildDemoWorkbook, DEMO_CONVERSATIONS_FILE, DEMO_TITLE, demoFile } from '../demo/demo';
import { extractPhones } from '../../core/phones';
import { projectRoot } from '../paths';
import { listen, type PreviewBackend } from './http';
import type { WorkbookView } from './page';

export interface PreviewOptions {
  /** A workbook file, loaded (created when missing) and saved after every change; none → demo. */
  workbookPath?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How many conversations the OpenPhone mock serves. */
  mockConversations?: number;
  /** The mock's API key; a fixed default otherwise. */
  mockApiKey?: string;
  /** The QuickBooks company the preview's QuickBooks mock serves (default 1,234 customers). */
  quickBooks?: Omit<QuickBooksMockLaunchOptions, 'scriptHost' | 'port'>;
}

export interface PreviewHandle {
  url: string;
  emulator: Emulator;
  /** Where the add-on's OpenPhone calls go, and the key that mock accepts. */
  openPhone: { url: string; apiKey: string };
  /** The QuickBooks Online company Connect and Sync reach. */
  quickBooks: QuickBooksMockHandle;
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
const API_KEY_PROPERTY = 'OPENPHONE_API_KEY';
const API_BASE_PROPERTY = 'OPENPHONE_API_BASE';

export async function startPreview(options: PreviewOptions = {}): Promise<PreviewHandle> {
  const sidebarFile = path.join(projectRoot(), 'dist', 'Sidebar.html');
  if (!existsSync(sidebarFile)) throw new Error('dist/Sidebar.html is missing: run npm run build first');

  const mock = await startOpenPhoneMock({ conversations: options.mockConversations, apiKey: options.mockApiKey });
  let emulator: Emulator | undefined;
  let quickBooks: QuickBooksMockHandle | undefined;
  try {
    const file = options.workbookPath ? path.resolve(options.workbookPath) : undefined;
    const workbook: WorkbookModel = file ? await loadWorkbook(file) : newWorkbook(DEMO_TITLE);
    emulator = createEmulator({
      workbook,
      scriptProperties: { [API_BASE_PROPERTY]: mock.url },
      // The demo works offline out of the box; a real workbook waits for the user's own key.
      userProperties: file ? {} : { [API_KEY_PROPERTY]: mock.apiKey },
    });
    if (file) {
      if (!existsSync(file)) await saveWorkbook(emulator.workbook, file);
    } else {
      await buildDemoWorkbook(emulator);
    }
    const backend = new EmulatorBackend(emulator, sidebarFile, file);
    const server = await listen(backend, options.port ?? DEFAULT_PORT);
    // The consent page sends the browser back to the script's /usercallback, which this preview serves.
    quickBooks = await startQuickBooksMock({
      phones: file ? undefined : await demoQuickBooksPhones(),
      ...options.quickBooks,
      scriptHost: server.url.replace(/\/$/, ''),
    });
    Object.assign(emulator.properties.script, quickBooksScriptProperties(quickBooks));
    const running = emulator;
    const qb = quickBooks;
    let stopped: Promise<void> | undefined;
    return {
      url: server.url,
      emulator: running,
      openPhone: { url: mock.url, apiKey: mock.apiKey },
      quickBooks: qb,
      stop: () =>
        (stopped ??= (async () => {
          await server.close();
          await backend.idle();
          running.dispose();
          await Promise.all([mock.stop(), qb.stop()]);
        })()),
    };
  } catch (e) {
    emulator?.dispose();
    await Promise.all([mock.stop(), quickBooks?.stop()]);
    throw e;
  }
}

/** What an admin sets in the script's properties once the add-on is registered with Intuit. */
export function quickBooksScriptProperties(mock: QuickBooksMockHandle): Record<string, string> {
  return {
    QUICKBOOKS_CLIENT_ID: mock.clientId,
    QUICKBOOKS_CLIENT_SECRET: mock.clientSecret,
    QUICKBOOKS_API_BASE: mock.url,
    QUICKBOOKS_TOKEN_URL: mock.tokenUrl,
    QUICKBOOKS_AUTHORIZE_URL: mock.authorizeUrl,
    QUICKBOOKS_REVOKE_URL: mock.revokeUrl,
  };
}

/** Every third demo conversation is also a QuickBooks customer, so the demo's customers match. */
async function demoQuickBooksPhones(): Promise<string[]> {
  const text = await readFile(demoFile(DEMO_CONVERSATIONS_FILE), 'utf8');
  const phones = [
    ...new Set(
      text
        .split(/\r?\n/)
        .slice(1)
        .map((line) => extractPhones(line.split(',')[1] ?? '').phones[0]?.e164)
        .filter((p): p is string => !!p),
    ),
  ];
  return phones.filter((_, i) => i % 3 === 0);
}

class EmulatorBackend implements PreviewBackend {
  private version = 0;
  private activeSheetChanges = 0;
  /** The sheet the page last asked to see: the tab the user has in front. */
  private viewed: string | null = null;
  /** Server functions run one at a time, each with its save, like one user's executions. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly emulator: Emulator,
    private readonly sidebarFile: string,
    private readonly file: string | undefined,
  ) {}

  rpc(name: string, args: unknown[]): Promise<unknown> {
    return this.serially(() => this.emulator.call(name, ...args));
  }

  userCallback(parameters: Record<string, string>): Promise<string> {
    return this.serially(() => this.emulator.userCallback(parameters)) as Promise<string>;
  }

  private serially(work: () => unknown): Promise<unknown> {
    const run = this.queue.then(() => this.runOne(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  idle(): Promise<unknown> {
    return this.queue;
  }

  private async runOne(work: () => unknown): Promise<unknown> {
    const before = fingerprint(this.emulator.workbook);
    // The tab on screen is the active sheet, as in Sheets, where clicking a tab activates it:
    // so a call that activates a sheet is seen even when that sheet was active before.
    const viewed = this.emulator.workbook.sheets.find((s) => s.name === this.viewed && !s.hidden);
    if (viewed) this.emulator.selectSheet(viewed.name);
    const activeBefore = this.emulator.activeSheetName();
    try {
      // The sidebar only ever receives a copy, as google.script.run gives it.
      return JSON.parse(JSON.stringify(work() ?? null)) as unknown;
    } finally {
      const activeAfter = this.emulator.activeSheetName();
      if (activeAfter !== activeBefore) {
        this.activeSheetChanges++;
        // The page is about to follow it: a call made before the page asks again must not undo it.
        this.viewed = activeAfter;
      }
      if (fingerprint(this.emulator.workbook) !== before) {
        this.version++;
        if (this.file) await saveWorkbook(this.emulator.workbook, this.file);
      }
    }
  }

  workbook(sheetName: string | null, limit: number): WorkbookView {
    const model = this.emulator.workbook;
    const sheets = model.sheets.map((s) => {
      const used = contentExtent(s);
      return { name: s.name, hidden: s.hidden, frozenRows: s.frozenRows, rowCount: used.rows, columnCount: used.columns };
    });
    const activeName = this.emulator.activeSheetName();
    const activeSheet = model.sheets.find((s) => s.name === activeName && !s.hidden && s.cells.length > 0);
    const asked = model.sheets.find((s) => s.name === sheetName);
    if (asked) this.viewed = asked.name;
    // A new spreadsheet's empty Sheet1 is the first tab; open the first one with something in it.
    const chosen =
      asked ??
      activeSheet ??
      model.sheets.find((s) => !s.hidden && s.cells.length > 0) ??
      model.sheets.find((s) => !s.hidden) ??
      model.sheets[0];
    let active: WorkbookView['active'] = null;
    if (chosen) {
      const values = displayValues(chosen);
      active = { name: chosen.name, rows: values.slice(0, limit), totalRows: values.length };
    }
    return {
      title: model.title,
      version: this.version,
      sheets,
      active,
      activeSheet: activeName,
      activeSheetChanges: this.activeSheetChanges,
    };
  }

  sidebarHtml(): Promise<string> {
    // Read on every request, so a rebuild shows on reload without restarting the preview.
    return readFile(this.sidebarFile, 'utf8');
  }
}

function fingerprint(model: WorkbookModel): string {
  return JSON.stringify(model);
}
