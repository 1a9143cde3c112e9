/**
 * Source files from the user's computer into sheets: read and recognised in the browser, then
 * sent in chunks. Kept free of the DOM so the whole exchange with the server can be tested
 * against a fake one.
 */
import type { ColumnMapping, SourceImportStart, SourceListItem } from '../src/core/rpc';
import { PROFILES } from '../src/core/sources/profiles';
import { readSourceFile, type SourceTable } from '../src/core/sources/read';
import { chunksOf, importRequest } from '../src/core/sources/upload';
import { errorMessage, formatCount } from './format';
import type { Server } from './server';
import type { FinishedImport, MappingRole, ProfileChoice, SourceFileEntry, UploadProgress } from './state';

export type UploadServer = Pick<
  Server,
  'beginSourceImport' | 'appendSourceRows' | 'finishSourceImport' | 'cancelSourceImport' | 'getDashboard'
>;

export interface UploadOptions {
  mapping?: ColumnMapping;
  /** The earlier import of the same file, to be replaced. */
  replace?: SourceListItem;
}

export type UploadOutcome =
  | { status: 'done'; result: FinishedImport }
  | { status: 'duplicate'; existing: SourceListItem }
  | { status: 'needs-mapping'; header: string[]; guess: ColumnMapping };

export interface UploadHooks {
  /** Records the server has confirmed so far. */
  onProgress(rowsSent: number): void;
  wait(ms: number): Promise<void>;
}

/** Waits before each retry of a call that failed: a dropped connection usually comes back within seconds. */
export const RETRY_WAITS_MS = [500, 1500, 3000];

/**
 * One file, from the request that opens its import to the finished sheet. A chunk whose answer
 * was lost is sent again under the same index, which the server recognises and does not write
 * twice. When the upload cannot be completed, the server is told to drop what it received, so
 * no half-imported sheet is left; the error thrown names the file and rows.
 */
export async function uploadTable(
  server: UploadServer,
  table: SourceTable,
  options: UploadOptions,
  hooks: UploadHooks,
): Promise<UploadOutcome> {
  const start = await server.beginSourceImport(
    importRequest(table, { mapping: options.mapping, onDuplicate: options.replace ? 'replace' : undefined }),
  );
  if (start.status === 'duplicate') return { status: 'duplicate', existing: start.existing };
  if (start.status === 'needs-mapping') return { status: 'needs-mapping', header: start.header, guess: start.guess };

  let sent = 0;
  let where = '';
  try {
    for (const chunk of chunksOf(table, start.chunkRows)) {
      where = ` at rows ${formatCount(chunk.rowNumbers[0] ?? 0)}–${formatCount(chunk.rowNumbers[chunk.rowNumbers.length - 1] ?? 0)}`;
      const answer = await withRetries(table.fileName, hooks, () =>
        server.appendSourceRows(start.importId, chunk.index, chunk.rows, chunk.rowNumbers),
      );
      if (answer.nextChunk !== chunk.index + 1) {
        throw new Error(`the server expected part ${answer.nextChunk + 1}, not part ${chunk.index + 2}`);
      }
      sent += chunk.rows.length;
      hooks.onProgress(sent);
    }
    where = ' while saving the sheet';
    return { status: 'done', result: await finish(server, start, options, table.fileName, hooks) };
  } catch (e) {
    // Best effort: if this fails too, the server removes the abandoned rows at the next import.
    await server.cancelSourceImport(start.importId).catch(() => undefined);
    throw new Error(
      `${table.fileName}: the upload stopped${where} (${withoutFileName(table.fileName, errorMessage(e))}). Nothing from this file was kept; import it again.`,
    );
  }
}

type Started = Extract<SourceImportStart, { status: 'started' }>;

async function finish(
  server: UploadServer,
  start: Started,
  options: UploadOptions,
  fileName: string,
  hooks: UploadHooks,
): Promise<FinishedImport> {
  return withRetries(fileName, hooks, async () => {
    try {
      return await server.finishSourceImport(start.importId);
    } catch (e) {
      // A finish whose answer was lost did its work; a second one would find the upload gone.
      const landed = await landedSource(server, start.sourceId, options.replace);
      if (landed) return landed;
      throw e;
    }
  });
}

async function landedSource(server: UploadServer, sourceId: string, replaced: SourceListItem | undefined): Promise<FinishedImport | null> {
  try {
    const dashboard = await server.getDashboard();
    const item = dashboard.sources.find((s) => s.sourceId === sourceId && s.uploadedAt !== replaced?.uploadedAt);
    return item ? { ...item, replaced: Boolean(replaced) } : null;
  } catch {
    return null;
  }
}

async function withRetries<T>(fileName: string, hooks: UploadHooks, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const wait = RETRY_WAITS_MS[attempt];
      // The server's verdicts on the data name the file and come out the same every time;
      // lost connections and busy locks do not name it, and are worth another try.
      if (wait === undefined || errorMessage(e).startsWith(`${fileName}:`)) throw e;
      await hooks.wait(wait);
    }
  }
}

function withoutFileName(fileName: string, message: string): string {
  return message.startsWith(`${fileName}: `) ? message.slice(fileName.length + 2) : message;
}

/** The detected formats first, best first, then every other format the add-on knows. */
export function profileChoices(table: SourceTable): ProfileChoice[] {
  const choices: ProfileChoice[] = table.candidates.map((c) => ({ id: c.id, label: c.label }));
  if (!choices.some((c) => c.id === table.profile.id)) choices.unshift({ id: table.profile.id, label: table.profile.label });
  for (const p of PROFILES) if (!choices.some((c) => c.id === p.id)) choices.push({ id: p.id, label: p.label });
  return choices;
}

export const MAPPING_ROLES: ReadonlyArray<{ role: MappingRole; label: string }> = [
  { role: '', label: '(not used)' },
  { role: 'name', label: 'Name' },
  { role: 'firstName', label: 'First name' },
  { role: 'lastName', label: 'Last name' },
  { role: 'company', label: 'Company' },
  { role: 'phones', label: 'Phone' },
  { role: 'emails', label: 'Email' },
  { role: 'address', label: 'Address' },
];

const SINGLE_ROLES = ['name', 'firstName', 'lastName', 'company'] as const;

/** One role per column, from the server's guess; a column it put in two places keeps the first here. */
export function rolesFromMapping(columns: number, mapping: ColumnMapping): MappingRole[] {
  const roles: MappingRole[] = Array.from({ length: columns }, () => '');
  const set = (i: number | undefined, role: MappingRole) => {
    if (i !== undefined && i >= 0 && i < columns && roles[i] === '') roles[i] = role;
  };
  mapping.phones.forEach((i) => set(i, 'phones'));
  mapping.emails.forEach((i) => set(i, 'emails'));
  for (const role of SINGLE_ROLES) set(mapping[role], role);
  mapping.address.forEach((i) => set(i, 'address'));
  return roles;
}

/** The mapping the server takes, or a message saying what to change in the form. */
export function mappingFromRoles(header: string[], roles: MappingRole[]): ColumnMapping | string {
  const mapping: ColumnMapping = { phones: [], emails: [], address: [] };
  for (const [i, role] of roles.entries()) {
    if (role === 'phones' || role === 'emails' || role === 'address') mapping[role].push(i);
    else if (role !== '') {
      const taken = mapping[role];
      if (taken !== undefined) {
        const label = MAPPING_ROLES.find((r) => r.role === role)!.label;
        return `Only one column can be ${label}: "${header[taken] ?? ''}" and "${header[i] ?? ''}" are both chosen.`;
      }
      mapping[role] = i;
    }
  }
  if (mapping.phones.length === 0) return 'Choose the column that holds phone numbers (Phone).';
  return mapping;
}

/** A file's reading problem as the user sees it: the file's name, then what is wrong. */
function readProblem(fileName: string, e: unknown): string {
  const message = errorMessage(e);
  return message.startsWith(`${fileName}:`) ? message : `${fileName}: ${message}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface FileData {
  text: string;
  table: SourceTable;
  options: UploadOptions;
}

/**
 * The chosen files and their uploads. Every change is handed to `changed` as new plain data,
 * so the sidebar can render it; the files' text and rows stay here, out of the rendered state.
 */
export class SourceUploads {
  private entries: SourceFileEntry[] = [];
  private readonly data = new Map<string, FileData>();
  private progress: UploadProgress | null = null;
  private nextKey = 1;

  constructor(
    private readonly server: UploadServer,
    private readonly changed: (entries: SourceFileEntry[], progress: UploadProgress | null) => void,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  list(): SourceFileEntry[] {
    return this.entries;
  }

  readyCount(): number {
    return this.entries.filter(isReady).length;
  }

  /** New files were chosen: what is finished from earlier makes room; open questions stay. */
  clearFinished(): void {
    for (const e of this.entries) if (isFinished(e)) this.data.delete(e.key);
    this.entries = this.entries.filter((e) => !isFinished(e));
    this.emit();
  }

  /** Reads a file's text in the browser; a file that cannot be imported says why, and goes no further. */
  addText(fileName: string, text: string): void {
    const key = `f${this.nextKey++}`;
    try {
      const table = readSourceFile(fileName, text);
      this.data.set(key, { text, table, options: {} });
      this.entries = [...this.entries, { key, fileName, phase: 'ready', ...tableFacts(table) }];
    } catch (e) {
      this.entries = [...this.entries, { key, fileName, phase: 'unreadable', message: readProblem(fileName, e) }];
    }
    this.emit();
  }

  addRefused(fileName: string, message: string): void {
    this.entries = [...this.entries, { key: `f${this.nextKey++}`, fileName, phase: 'unreadable', message }];
    this.emit();
  }

  /** The user says the file is of another format than the one detected. */
  setProfile(key: string, profileId: string): void {
    const entry = this.find(key);
    const data = this.data.get(key);
    if (!entry || !data || entry.phase !== 'ready') return;
    try {
      data.table = readSourceFile(entry.fileName, data.text, profileId);
      this.update(key, { ...tableFacts(data.table), message: undefined });
    } catch (e) {
      this.update(key, { message: readProblem(entry.fileName, e) });
    }
  }

  drop(key: string): void {
    this.data.delete(key);
    this.entries = this.entries.filter((e) => e.key !== key);
    this.emit();
  }

  /** Imports every file waiting for it, one after another; a file that stops does not stop the rest. */
  async importReady(): Promise<void> {
    const keys = this.entries.filter(isReady).map((e) => e.key);
    for (const key of keys) this.update(key, { phase: 'queued', sent: 0 });
    await this.uploadAll(keys);
  }

  keep(key: string): void {
    if (this.find(key)?.phase === 'duplicate') this.update(key, { phase: 'kept' });
  }

  async replace(key: string): Promise<void> {
    const entry = this.find(key);
    const data = this.data.get(key);
    if (!entry || !data || entry.phase !== 'duplicate' || !entry.existing) return;
    data.options = { ...data.options, replace: entry.existing };
    await this.uploadAll([key]);
  }

  /** A failed upload sent again from the start; the server dropped what it had received. */
  async retry(key: string): Promise<void> {
    if (this.find(key)?.phase === 'failed' && this.data.has(key)) await this.uploadAll([key]);
  }

  setRoles(key: string, roles: MappingRole[]): void {
    if (this.find(key)?.phase === 'mapping') this.update(key, { roles });
  }

  async applyMapping(key: string, roles: MappingRole[]): Promise<void> {
    const entry = this.find(key);
    const data = this.data.get(key);
    if (!entry || !data || entry.phase !== 'mapping' || !entry.header) return;
    const mapping = mappingFromRoles(entry.header, roles);
    if (typeof mapping === 'string') {
      this.update(key, { roles, message: mapping });
      return;
    }
    data.options = { ...data.options, mapping };
    await this.uploadAll([key]);
  }

  private async uploadAll(keys: string[]): Promise<void> {
    const sizes = keys.map((k) => this.data.get(k)?.table.rows.length ?? 0);
    this.progress = { files: keys.length, fileNumber: 0, rowsSent: 0, rowsTotal: sizes.reduce((a, b) => a + b, 0) };
    let before = 0;
    for (const [i, key] of keys.entries()) {
      this.progress = { ...this.progress, fileNumber: i + 1, rowsSent: before };
      await this.uploadOne(key, before);
      before += sizes[i]!;
    }
    this.progress = null;
    this.emit();
  }

  private async uploadOne(key: string, rowsBefore: number): Promise<void> {
    const data = this.data.get(key);
    const entry = this.find(key);
    if (!data || !entry) return;
    this.update(key, { phase: 'uploading', sent: 0, message: undefined });
    try {
      const outcome = await uploadTable(this.server, data.table, data.options, {
        wait: this.wait,
        onProgress: (sent) => {
          if (this.progress) this.progress = { ...this.progress, rowsSent: rowsBefore + sent };
          this.update(key, { sent });
        },
      });
      if (outcome.status === 'done') {
        this.update(key, { phase: 'done', result: outcome.result });
        this.data.delete(key);
      } else if (outcome.status === 'duplicate') {
        this.update(key, { phase: 'duplicate', existing: outcome.existing });
      } else {
        this.update(key, { phase: 'mapping', header: outcome.header, roles: rolesFromMapping(outcome.header.length, outcome.guess) });
      }
    } catch (e) {
      this.update(key, { phase: 'failed', message: readProblem(entry.fileName, e) });
    }
  }

  private find(key: string): SourceFileEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  private update(key: string, change: Partial<SourceFileEntry>): void {
    this.entries = this.entries.map((e) => (e.key === key ? { ...e, ...change } : e));
    this.emit();
  }

  private emit(): void {
    this.changed(this.entries, this.progress);
  }
}

/** A file whose chosen format could not read it waits for another choice. */
function isReady(e: SourceFileEntry): boolean {
  return e.phase === 'ready' && !e.message;
}

function isFinished(e: SourceFileEntry): boolean {
  return e.phase === 'done' || e.phase === 'kept' || e.phase === 'failed' || e.phase === 'unreadable';
}

function tableFacts(table: SourceTable): Pick<SourceFileEntry, 'profileId' | 'profileLabel' | 'choices' | 'records'> {
  return { profileId: table.profile.id, profileLabel: table.profile.label, choices: profileChoices(table), records: table.rows.length };
}
