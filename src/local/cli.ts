/**
 * `contact-enrich`: the add-on's workflow from a terminal. Every command runs the built add-on
 * in the Apps Script emulator against a workbook file, saves the workbook only when the
 * command succeeded (atomically), and prints one summary line.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { CONNECTION_PROPERTY, connectionFromEnvironment, parseConnection } from '../core/quickbooks/oauth';
import type { ConversationImportSummary, Report } from '../core/rpc';
import { profileForType } from '../core/sources/profiles';
import { readSourceFile, type SourceTable } from '../core/sources/read';
import { SOURCE_TYPES } from '../core/workbook-schema';
import { createEmulator, displayValues, loadWorkbook, saveWorkbook, type Emulator, type WorkbookModel } from './emulator';

import { importTable } from './import-source';
import { serverOf } from './server-of';
import { decodeText } from './text-file';
import { loadUserProperties, saveUserProperties, userPropertiesPath, UserPropertiesError, type Properties } from './user-properties-file';

const USAGE = `Usage:
  contact-enrich conversations W FILE.csv           import conversations from a CSV
  contact-enrich conversations W --from-openphone   import conversations from the OpenPhone API
  contact-enrich import W FILE... [--type propertyradar|quickbooks|openphone|csv] [--replace]
  contact-enrich match W
  contact-enrich resolve W --accept-recommended      every pending conflict takes its recommendation
  contact-enrich resolve W --apply                   apply the Decisions typed in Conflicts and names typed in Unmapped
  contact-enrich resolve W --undo-last               undo the last decision (or the last apply-to-similar)
  contact-enrich push W [--dry-run]
  contact-enrich sync-quickbooks W                   QuickBooks Online customers and their history into the QuickBooks sheet
  contact-enrich report W [--json]
  contact-enrich export W DIR

W is a workbook file (.xlsx), created when missing.
Environment: OPENPHONE_API_KEY, OPENPHONE_API_BASE (default https://api.openphone.com);
QUICKBOOKS_REALM_ID, QUICKBOOKS_REFRESH_TOKEN, QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET,
QUICKBOOKS_API_BASE (default https://quickbooks.api.intuit.com), QUICKBOOKS_TOKEN_URL (default Intuit's);
CONTACT_ENRICH_USER_PROPERTIES, the file that keeps the user properties between runs
(default ~/.config/contact-enrich/user-properties.json, readable only by you).`;

/** Rows per server call when the command line pushes: the workbook is saved after each. */
const PUSH_CHUNK_ROWS = 100;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface CliIo {
  out(line: string): void;
  env: Record<string, string | undefined>;
  /** A line that replaces the previous one, on a terminal only. */
  progress?(line: string): void;
}

export async function runCli(argv: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'from-openphone': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      type: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'accept-recommended': { type: 'boolean', default: false },
      'undo-last': { type: 'boolean', default: false },
      apply: { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, workbookPath, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return;
  }
  if (!workbookPath) throw new CliError(`${command}: missing the workbook file (W).\n${USAGE}`, 2);

  switch (command) {
    case 'conversations': {
      const file = rest[0];
      if (!values['from-openphone'] && !file) throw new CliError('conversations: give a CSV file or --from-openphone.', 2);
      await withWorkbook(workbookPath, io, true, async (emulator) => {
        let summary: ConversationImportSummary;
        if (values['from-openphone']) {
          summary = serverOf(emulator).importConversationsFromOpenPhone();
        } else {
          const text = await readTextFile(file!);
          summary = serverOf(emulator).importConversationsCsv(path.basename(file!), text);
        }
        io.out(describeConversationImport(summary));
        for (const p of summary.problems) io.out(`  row ${p.row}: ${p.value}: ${p.reason}`);
        if (summary.problemCount > summary.problems.length) io.out(`  … and ${summary.problemCount - summary.problems.length} more`);
      });
      return;
    }
    case 'import': {
      if (rest.length === 0) throw new CliError('import: give at least one file.', 2);
      if (values.type && !SOURCE_TYPES.includes(values.type as never)) {
        throw new CliError(`import: --type must be one of ${SOURCE_TYPES.join(', ')}.`, 2);
      }
      // Every file is read and checked before any is imported: one bad file changes nothing.
      const tables: SourceTable[] = [];
      for (const file of rest) tables.push(await readSource(file, values.type));
      await withWorkbook(workbookPath, io, true, async (emulator) => {
        for (const table of tables) importSource(emulator, table, values.replace, io);
      });
      return;
    }
    case 'match':
      await withWorkbook(workbookPath, io, true, async (emulator) => {
        const s = serverOf(emulator).runMatch();
        io.out(
          `Matched ${s.phones} conversation phones: ${s.autoMatched} applied automatically, ${s.conflicts} conflicts to review, ` +
            `${s.unmapped} with no match; ${s.contacts} contacts${s.decisionsKept ? `; ${s.decisionsKept} earlier decisions kept` : ''}.`,
        );
      });
      return;
    case 'resolve': {
      const chosen = (['accept-recommended', 'apply', 'undo-last'] as const).filter((f) => values[f]);
      if (chosen.length !== 1) throw new CliError('resolve: give exactly one of --accept-recommended, --apply, --undo-last.', 2);
      await withWorkbook(workbookPath, io, true, async (emulator) => {
        const server = serverOf(emulator);
        if (values['undo-last']) {
          io.out(server.undoLastDecision().message);
          return;
        }
        const s = values.apply ? server.applyDecisions() : server.acceptRecommended();
        const left = server.getReport().conflictsPending;
        io.out(
          values.apply
            ? `Applied ${s.decided} decisions from Conflicts; ${s.manualContacts} contacts from names typed in Unmapped, ${s.phoneOnly} phone-only; ${left} conflicts still pending.`
            : `Accepted the recommendation for ${s.decided} conflicts; ${left} still pending.`,
        );
      });
      return;
    }
    case 'push':
      if (values['dry-run']) {
        await withWorkbook(workbookPath, io, false, async (emulator) => {
          const plan = serverOf(emulator).planPush();
          for (const line of plan.lines.slice(1)) io.out(`  ${line}`);
          for (const p of plan.problems) io.out(`  row ${p.row} (${p.contactId}): ${p.message}`);
          io.out(`Dry run: ${plan.lines[0]} Nothing was sent to OpenPhone.`);
        });
      } else {
        await pushAll(workbookPath, io);
      }
      return;
    case 'sync-quickbooks':
      await syncQuickBooks(workbookPath, io);
      return;
    case 'report':
      await withWorkbook(workbookPath, io, false, async (emulator) => {
        const report = serverOf(emulator).getReport();
        io.out(values.json ? JSON.stringify(report) : describeReport(report));
      });
      return;
    case 'export': {
      const dir = rest[0];
      if (!dir) throw new CliError('export: missing the output folder (DIR).', 2);
      if (!existsSync(workbookPath)) throw new CliError(`export: ${workbookPath} does not exist.`);
      const workbook = await loadWorkbook(workbookPath);
      await mkdir(dir, { recursive: true });
      for (const sheet of workbook.sheets) {
        const csv = Papa.unparse(displayValues(sheet), { newline: '\r\n' });
        await writeFile(path.join(dir, `${sheet.name}.csv`), `${csv}\r\n`);
      }
      io.out(`Exported ${workbook.sheets.length} sheets to ${dir}: ${workbook.sheets.map((s) => `${s.name}.csv`).join(', ')}`);
      return;
    }
    default:
      throw new CliError(`unknown command "${command}".\n${USAGE}`, 2);
  }
}

/** Pushes chunk after chunk; the next run finds what a killed one pushed by its Contact ID. */
async function pushAll(file: string, io: CliIo): Promise<void> {
  if (!io.env.OPENPHONE_API_KEY)
    throw new CliError('push: set OPENPHONE_API_KEY to the OpenPhone API key (OpenPhone → Settings → API).', 2);
  const run = await openRun(file, io);
  const started = Date.now();
  await driveChunks(run, file, 'push', async (server, save) => {
    let p = server.pushNextChunk({ start: true, maxRows: PUSH_CHUNK_ROWS });
    await save();
    while (p.state === 'running') {
      io.progress?.(
        `Pushing: ${p.done} of ${p.total} (${p.created} created, ${p.linked} linked, ${p.updated} updated, ${p.errors} errors), about ${p.etaSeconds} s left`,
      );
      p = server.pushNextChunk({ maxRows: PUSH_CHUNK_ROWS });
      await save();
    }
    io.progress?.('');
    const seconds = Math.round((Date.now() - started) / 1000);
    const summary = `${p.created} created, ${p.linked} linked, ${p.updated} updated, ${p.unchanged} unchanged, ${p.skipped} skipped, ${p.errors} errors${p.errors ? ' (see Push Status on the Contacts rows)' : ''}`;
    if (p.state === 'quota') throw new CliError(`push: ${p.message} So far: ${summary}.`);
    io.out(`Pushed to OpenPhone: ${summary} in ${seconds} s.`);
  });
}

/**
 * Runs a long command on an opened run, chunk after chunk: `save` keeps the workbook and the user
 * properties after each chunk, and they are kept on failure too (what was pushed must stay known,
 * a rotated token is real), so a run killed at any moment loses at most one chunk's sheet writes.
 */
async function driveChunks(
  run: CliRun,
  file: string,
  command: string,
  work: (server: ReturnType<typeof serverOf>, save: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const save = () => Promise.all([saveWorkbook(run.workbook, file), run.saveProperties()]);
  try {
    await work(serverOf(run.emulator), save);
  } catch (e) {
    await save();
    throw e instanceof CliError ? e : new CliError(`${command}: ${(e as Error).message}`);
  } finally {
    run.emulator.dispose();
  }
}

/** Syncs chunk after chunk: the refresh token QuickBooks rotates reaches the file after each. */
async function syncQuickBooks(file: string, io: CliIo): Promise<void> {
  const missing = ['QUICKBOOKS_REALM_ID', 'QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET'].filter((k) => !io.env[k]);
  if (missing.length) throw new CliError(`sync-quickbooks: set ${missing.join(', ')} (the company and the Intuit app's keys).`, 2);
  const run = await openRun(file, io);
  const user = run.emulator.properties.user;
  try {
    const connection = connectionFromEnvironment(
      parseConnection(user[CONNECTION_PROPERTY]),
      { realmId: io.env.QUICKBOOKS_REALM_ID!, refreshToken: io.env.QUICKBOOKS_REFRESH_TOKEN ?? '' },
      'production',
    );
    user[CONNECTION_PROPERTY] = JSON.stringify(connection);
  } catch (e) {
    run.emulator.dispose();
    throw new CliError(`sync-quickbooks: ${(e as Error).message}`, 2);
  }
  const started = Date.now();
  await driveChunks(run, file, 'sync-quickbooks', async (server, save) => {
    let p = server.syncQuickBooksChunk({ start: true });
    await save();
    while (p.state === 'running' || p.state === 'waiting') {
      if (p.state === 'waiting') {
        io.progress?.(`QuickBooks asked to slow down: waiting ${p.retryAfterSeconds} s`);
        await new Promise((resolve) => setTimeout(resolve, (p.retryAfterSeconds ?? 60) * 1000));
      } else {
        const of = p.phase === 'customers' && p.totalCustomers !== null ? ` of ${p.totalCustomers}` : '';
        io.progress?.(
          `Syncing QuickBooks: ${p.fetched.customers}${of} customers, ${p.fetched.invoices} invoices, ${p.fetched.payments} payments (${p.phase})`,
        );
      }
      p = server.syncQuickBooksChunk({});
      await save();
    }
    io.progress?.('');
    if (p.state !== 'done' || !p.summary) {
      const reconnect = /reconnect/i.test(p.message ?? '')
        ? ' On the command line: set QUICKBOOKS_REFRESH_TOKEN to a new refresh token of the company.'
        : '';
      throw new CliError(`sync-quickbooks: ${p.message ?? `the sync was ${p.state}.`}${reconnect}`);
    }
    const s = p.summary;
    io.out(
      `QuickBooks: ${s.customers} customers (${s.withPhone} with a phone, ${s.subCustomers} sub-customers, ${s.inactive} inactive), ` +
        `${s.invoices} invoices, ${s.payments} payments → sheet "QuickBooks" in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    for (const problem of s.problems) io.out(`  ${problem.customer}: ${problem.message}`);
    if (s.problemCount > s.problems.length) io.out(`  … and ${s.problemCount - s.problems.length} more`);
  });
}

/** Properties the environment gives each run; they are never written to the user-properties file. */
function environmentProperties(io: CliIo): { scriptProperties: Properties; userProperties: Properties } {
  const scriptProperties: Properties = {};
  if (io.env.OPENPHONE_API_BASE) scriptProperties.OPENPHONE_API_BASE = io.env.OPENPHONE_API_BASE;
  // The Intuit app's keys and hosts are the administrator's: script properties, as in Sheets.
  for (const key of ['QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_API_BASE', 'QUICKBOOKS_TOKEN_URL']) {
    if (io.env[key]) scriptProperties[key] = io.env[key]!;
  }
  const userProperties: Properties = {};
  if (io.env.OPENPHONE_API_KEY) userProperties.OPENPHONE_API_KEY = io.env.OPENPHONE_API_KEY;
  return { scriptProperties, userProperties };
}

interface CliRun {
  workbook: WorkbookModel;
  emulator: Emulator;
  /** Keeps what the add-on changed in the user properties (never what the environment gave). */
  saveProperties(): Promise<void>;
}

/** The workbook and the user's properties, loaded, with the add-on ready to run on them. */
async function openRun(file: string, io: CliIo): Promise<CliRun> {
  const propertiesFile = userPropertiesPath(io.env);
  const stored = await readUserProperties(propertiesFile);
  const workbook = await loadWorkbook(file);
  const given = environmentProperties(io);
  const emulator = createEmulator({
    workbook,
    scriptProperties: given.scriptProperties,
    userProperties: { ...stored, ...given.userProperties },
  });
  let saved = stored;
  return {
    workbook,
    emulator,
    async saveProperties() {
      const now = { ...emulator.properties.user };
      // A key the environment gave stays the environment's: only a change the add-on made is kept.
      const exclude = Object.keys(given.userProperties).filter((k) => now[k] === given.userProperties[k]);
      try {
        await saveUserProperties(propertiesFile, saved, now, exclude);
      } catch (e) {
        throw new CliError(`cannot save the user properties to ${propertiesFile}: ${(e as Error).message}`);
      }
      saved = now;
    },
  };
}

async function readUserProperties(file: string): Promise<Properties> {
  try {
    return await loadUserProperties(file);
  } catch (e) {
    if (e instanceof UserPropertiesError) throw new CliError(e.message);
    throw new CliError(`cannot read the user properties in ${file}: ${(e as Error).message}`);
  }
}

/**
 * Loads the workbook, runs the add-on on it, and saves the workbook only when everything
 * succeeded; the user properties are kept either way (a spent quota or a rotated token is real).
 */
async function withWorkbook(file: string, io: CliIo, save: boolean, work: (emulator: Emulator) => Promise<void>): Promise<void> {
  const run = await openRun(file, io);
  try {
    await work(run.emulator);
  } finally {
    run.emulator.dispose();
    await run.saveProperties();
  }
  if (save || !existsSync(file)) await saveWorkbook(run.workbook, file);
}

async function readSource(file: string, type: string | undefined): Promise<SourceTable> {
  const text = await readTextFile(file);
  const name = path.basename(file);
  const detected = readSourceFile(name, text);
  if (!type) return detected;
  const profile = profileForType(type, detected.header);
  return profile && profile.id !== detected.profile.id ? readSourceFile(name, text, profile.id) : detected;
}

function importSource(emulator: Emulator, table: SourceTable, replace: boolean, io: CliIo): void {
  const result = importTable(emulator, table, replace ? { onDuplicate: 'replace' } : {});
  if ('status' in result && result.status === 'duplicate') {
    io.out(
      `${table.fileName}: already imported as sheet "${result.existing.sheet}" (${result.existing.uploadedAt}); kept. Use --replace to import it again.`,
    );
    return;
  }
  if ('status' in result) {
    throw new CliError(
      `${table.fileName}: no phone column could be identified in the header (${result.header.map((h) => `"${h}"`).join(', ')}). Import it from the sidebar to map its columns, or rename the phone column "Phone".`,
    );
  }
  const s = result;
  io.out(
    `${s.fileName}: ${s.profileLabel}, ${s.totalRecords} records (${s.recordsWithPhone} with a phone, ${s.phonesFound} phones` +
      `${s.unreadablePhones ? `, ${s.unreadablePhones} unreadable` : ''}${s.skippedRows ? `, ${s.skippedRows} title/footer rows skipped` : ''}) → sheet "${s.sheet}"${s.replaced ? ' (replaced)' : ''}.`,
  );
  for (const p of s.problems) io.out(`  row ${p.row}: ${p.value}: ${p.reason}`);
}

async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError(`${file}: cannot read the file.`);
  }
  return decodeText(bytes);
}

function describeConversationImport(s: ConversationImportSummary): string {
  const parts = [`${s.rows} rows read`];
  if (s.duplicatesCollapsed) parts.push(`${s.duplicatesCollapsed} duplicates collapsed`);
  if (s.rowsWithoutPhone) parts.push(`${s.rowsWithoutPhone} without a phone`);
  if (s.problemCount) parts.push(`${s.problemCount} unreadable numbers`);
  return `Conversations: ${s.distinctPhones} phone numbers from ${s.source} (${parts.join(', ')}).`;
}

function describeReport(r: Report): string {
  const share = (n: number) => (r.conversations ? `${Math.round((n / r.conversations) * 100)}%` : '0%');
  return (
    `Conversations ${r.conversations}: named ${r.conversationsNamed} (${share(r.conversationsNamed)}), ` +
    `with email ${r.conversationsWithEmail} (${share(r.conversationsWithEmail)}); ` +
    `QuickBooks matched ${r.quickbooksMatched} of ${r.quickbooksCustomers}; contacts ${r.contacts}, pushed ${r.pushed}, ` +
    `duplicates ${r.duplicateContacts}; conflicts pending ${r.conflictsPending}; unmapped ${r.unmapped}.`
  );
}

/** Runs the command line in this process and exits with its status. */
export function main(argv: string[] = process.argv.slice(2)): void {
  const progress = process.stdout.isTTY ? (line: string) => process.stdout.write(`\r\x1b[K${line}`) : undefined;
  runCli(argv, { out: (line) => console.log(line), env: process.env, progress }).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`contact-enrich: ${error.message}`);
      process.exit(error instanceof CliError ? error.exitCode : 1);
    },
  );
}
