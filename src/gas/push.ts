/**
 * Push to OpenPhone on the Apps Script side: the sheets a push reads and writes, the job state,
 * and one bounded chunk per server call. The sidebar (or the command line) calls pushChunk
 * until the job is done; each call holds the document lock, so two pushes never overlap, and
 * saves every batch's outcome before the next batch is sent.
 */
import { UserError } from '../core/errors';
import type { Clock, Http, PropertyStore, WorkbookPort } from '../core/ports';
import { rowsOf, type Row } from '../core/records';
import {
  HISTORY_FIELDS,
  PUSH_SOURCE,
  phoneLabels,
  sameAs,
  draftOf,
  type ApiContact,
  type CustomFieldDefinition,
  type FieldMap,
} from '../core/push/contact';
import {
  apiCallsFor,
  CONTACT_PUSH_COLUMNS,
  countPlan,
  planRows,
  PUSH_LOG_COLUMNS,
  PUSH_LOG_SHEET,
  PUSH_STATE_COLUMNS,
  PUSH_STATE_SHEET,
  type PushSettings,
  type RowPlan,
  type StateEntry,
} from '../core/push/plan';
import {
  chunkOf,
  ContactsApi,
  PushStopped,
  QuotaReached,
  pushChunk as runChunk,
  RATE_PER_SECOND,
  type Outcome,
  type WorkItem,
} from '../core/push/runner';
import type { KeyCheck, PushPlanView, PushProgress, PushVerification } from '../core/push/rpc';
import { SHEETS } from '../core/workbook-schema';
import { chunkBudget } from './chunk';
import { ensureSettingRows } from './stores/settings';

export interface PushServices {
  workbook: WorkbookPort;
  properties: PropertyStore;
  /** The user's own store: the day's UrlFetch count is per user, like the quota. */
  userProperties: PropertyStore;
  http: Http;
  clock: Clock;
  apiKey: string;
  baseUrl: string;
  now(): Date;
}

export interface ChunkOptions {
  /** Rows to finish in this call at most (the command line and tests keep chunks small). */
  maxRows?: number;
  /** Wall time for this call's batches; at most CHUNK_BUDGET_MS (chunk.ts), which is also the default. */
  budgetMs?: number;
  /** A new push by the user: a Cancel left from before no longer applies. */
  start?: boolean;
}

const JOB_PROPERTY = 'push.job';
const CANCEL_PROPERTY = 'push.cancel';
const WORKSPACE_PROPERTY = 'push.workspace';
const RECENT_REQUESTS_PROPERTY = 'push.recentRequests';
const USAGE_PROPERTY = 'push.urlFetchToday';
/** The custom fields last read from OpenPhone, so status reads hash rows as the push does. */
const FIELDS_PROPERTY = 'push.fields';
/** Fetches kept back from the quota for everything else the add-on does that day. */
const QUOTA_RESERVE = 200;

const SETTING_ROWS: Array<{ name: string; value: string; meaning: string }> = [
  {
    name: 'Push phone-only contacts',
    value: 'yes',
    meaning: 'yes: contacts with a phone but no name are created in OpenPhone too; no: they are skipped.',
  },
  {
    name: 'Push contacts known only from the OpenPhone export',
    value: 'no',
    meaning: 'no: a person whose only source is the OpenPhone web-app export already is an app contact, and is not created again.',
  },
  {
    name: 'UrlFetch calls per day',
    value: '20000',
    meaning: '20000 for a consumer Google account, 100000 for Google Workspace: a push stops at it and resumes the next day.',
  },
  ...HISTORY_FIELDS.map((f) => ({
    name: f.setting,
    value: f.defaultName,
    meaning: 'The OpenPhone contact custom field (by its name) that receives this QuickBooks value; empty: not pushed.',
  })),
];

/** The key checked with one cheap call before it is kept. */
export function checkKey(http: Http, clock: Clock, apiKey: string, baseUrl: string): KeyCheck {
  if (!apiKey) throw new UserError('Paste your OpenPhone API key first: the key is empty.');
  const numbers = workspaceNumbers(new ContactsApi({ http, clock, apiKey, baseUrl }));
  return { numbers, message: `Connected to the OpenPhone workspace of ${numbers.join(', ') || 'no numbers yet'}.` };
}

function workspaceNumbers(api: ContactsApi): string[] {
  const page = api.json<{ data: Array<{ number: string }> }>({ url: api.url('/v1/phone-numbers'), method: 'get' });
  return (page.data ?? []).map((n) => n.number).sort();
}

export function readPushSettings(workbook: WorkbookPort): PushSettings {
  const rows = rowsOf(workbook.read('Settings'));
  const value = (name: string) => rows.find((r) => (r['Setting'] ?? '').trim().toLowerCase() === name.toLowerCase())?.['Value']?.trim();
  const yes = (name: string, fallback: boolean) => {
    const v = value(name)?.toLowerCase();
    if (v === undefined || v === '') return fallback;
    if (['yes', 'y', 'true', '1'].includes(v)) return true;
    if (['no', 'n', 'false', '0'].includes(v)) return false;
    throw new UserError(`Settings: "${name}" must be yes or no (found "${v}").`);
  };
  const perDay = Number((value('UrlFetch calls per day') ?? '20000').replace(/[,\s]/g, '') || '20000');
  if (!Number.isInteger(perDay) || perDay < 100)
    throw new UserError(`Settings: "UrlFetch calls per day" must be a whole number such as 20000 or 100000.`);
  const fieldNames: Record<string, string> = {};
  for (const f of HISTORY_FIELDS) fieldNames[f.id] = value(f.setting) ?? f.defaultName;
  return {
    pushPhoneOnly: yes('Push phone-only contacts', true),
    pushOpenPhoneOnly: yes('Push contacts known only from the OpenPhone export', false),
    urlFetchPerDay: perDay,
    fieldNames,
  };
}

function fieldMap(api: ContactsApi, settings: PushSettings): { map: FieldMap; mapped: string[]; missing: string[] } {
  const wanted = HISTORY_FIELDS.filter((f) => settings.fieldNames[f.id]);
  if (wanted.length === 0) return { map: [], mapped: [], missing: [] };
  const defs = api.json<{ data: CustomFieldDefinition[] }>({ url: api.url('/v1/contact-custom-fields'), method: 'get' }).data ?? [];
  const map: FieldMap = [];
  const mapped: string[] = [];
  const missing: string[] = [];
  for (const f of wanted) {
    const name = settings.fieldNames[f.id]!;
    const def = defs.find((d) => d.name.trim().toLowerCase() === name.toLowerCase());
    if (def) {
      map.push({ columns: f.columns, definition: def });
      mapped.push(name);
    } else missing.push(name);
  }
  return { map, mapped, missing };
}

/** The rows of the Push State sheet by Contact ID, with their sheet row numbers. */
class PushStateSheet {
  readonly entries = new Map<string, StateEntry & { row: number }>();
  private nextRow: number;

  constructor(private readonly workbook: WorkbookPort) {
    const rows = rowsOf(workbook.read(PUSH_STATE_SHEET));
    rows.forEach((r, i) => {
      this.entries.set(r['Contact ID'] ?? '', {
        row: i + 2,
        openPhoneId: r['OpenPhone ID'] ?? '',
        pushedHash: r['Pushed Hash'] ?? '',
        pushedAt: r['Pushed At'] ?? '',
        status: r['Status'] ?? '',
        message: r['Message'] ?? '',
        triedHash: r['Tried Hash'] ?? '',
      });
    });
    this.nextRow = rows.length + 2;
  }

  put(contactId: string, entry: StateEntry): number {
    const row = this.entries.get(contactId)?.row ?? this.nextRow++;
    this.entries.set(contactId, { ...entry, row });
    return row;
  }

  /** Writes the given Contact IDs' rows, one Sheets call per run of adjacent rows. */
  write(contactIds: string[]): void {
    // Created on the first write only: a dry run or a status read changes nothing.
    if (!this.workbook.exists(PUSH_STATE_SHEET)) this.workbook.insertHidden(PUSH_STATE_SHEET, PUSH_STATE_COLUMNS);
    const rows = contactIds.map((id) => ({ id, e: this.entries.get(id)! })).sort((a, b) => a.e.row - b.e.row);
    for (const run of runs(rows, (r) => r.e.row)) {
      this.workbook.writeRows(
        PUSH_STATE_SHEET,
        run[0]!.e.row,
        run.map(({ id, e }) => [id, e.openPhoneId, e.pushedHash, e.pushedAt, e.status, e.message, e.triedHash]),
      );
    }
  }
}

/** Consecutive items by a number: one block each. */
function runs<T>(items: T[], at: (t: T) => number): T[][] {
  const out: T[][] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && at(last[last.length - 1]!) + 1 === at(item)) last.push(item);
    else out.push([item]);
  }
  return out;
}

interface Job {
  total: number;
  /** Rows that needed nothing, and rows skipped by the settings, when the job began. */
  unchanged: number;
  skipped: number;
  created: number;
  linked: number;
  updated: number;
  errors: number;
  startedAt: string;
  state: PushProgress['state'];
  message: string;
}

/** Everything one call needs from the sheets, read once. */
class PushContext {
  readonly contacts: Row[];
  readonly header: string[];
  readonly state: PushStateSheet;
  readonly settings: PushSettings;
  readonly openPhoneSources: Set<string>;
  readonly labels: Map<string, string>;

  constructor(readonly services: PushServices) {
    const table = services.workbook.read(SHEETS.contacts);
    if (!table || table.rows.length === 0) throw new UserError('There are no contacts to push yet: run match first (step 2).');
    this.header = [...table.header];
    this.contacts = rowsOf(table);
    this.settings = readPushSettings(services.workbook);
    this.state = new PushStateSheet(services.workbook);
    this.openPhoneSources = new Set(
      rowsOf(services.workbook.read(SHEETS.sources))
        .filter((r) => r['Source Type'] === 'openphone')
        .map((r) => r['File Name'] ?? ''),
    );
    this.labels = phoneLabels(rowsOf(services.workbook.read(SHEETS.matches)));
  }

  plans(map: FieldMap): RowPlan[] {
    return planRows(this.contacts, this.state.entries, this.settings, map, this.openPhoneSources, this.labels);
  }

  /**
   * A batch's outcomes land in three places: the Push Log (one row per API write), the Push
   * State (what resume and sync back rely on) and the Contacts row (OpenPhone ID, status and
   * message, where people look).
   */
  save(outcomes: Outcome[], action: ((o: Outcome) => string) | null): void {
    if (outcomes.length === 0) return;
    const time = this.services.now().toISOString();
    const { workbook } = this.services;
    if (action) {
      if (!workbook.exists(PUSH_LOG_SHEET)) workbook.write(PUSH_LOG_SHEET, PUSH_LOG_COLUMNS, []);
      const logRows = outcomes.map((o) => [time, o.contactId, action(o), o.status === 'error' ? 'error' : 'ok', o.openPhoneId, o.message]);
      workbook.writeRows(PUSH_LOG_SHEET, logLength(workbook) + 2, logRows);
    }
    for (const o of outcomes) {
      const before = this.state.entries.get(o.contactId);
      this.state.put(o.contactId, {
        openPhoneId: o.openPhoneId || before?.openPhoneId || '',
        pushedHash: o.status === 'error' ? (before?.pushedHash ?? '') : o.pushedHash,
        pushedAt: o.status === 'error' ? (before?.pushedAt ?? '') : time,
        status: o.status,
        message: o.message,
        triedHash: o.triedHash,
      });
    }
    this.state.write(outcomes.map((o) => o.contactId));
    this.mirror(outcomes.map((o) => ({ index: o.index, openPhoneId: o.openPhoneId, status: o.status, message: o.message })));
  }

  /**
   * A re-match rewrites Contacts without the push's own columns: they come back, for every row
   * the Push State knows, before anything else is written.
   */
  restoreColumns(): void {
    if (this.header.includes('Push Status') || this.state.entries.size === 0) return;
    const rows: Array<{ index: number; openPhoneId: string; status: string; message: string }> = [];
    this.contacts.forEach((row, index) => {
      const st = this.state.entries.get((row['Contact ID'] ?? '').trim());
      rows.push({
        index,
        openPhoneId: (row['OpenPhone ID'] ?? '') || (st?.openPhoneId ?? ''),
        status: st?.status ?? '',
        message: st?.message ?? '',
      });
    });
    this.mirror(rows);
  }

  /** OpenPhone ID, Push Status and Push Message on the Contacts rows. */
  mirror(rows: Array<{ index: number; openPhoneId: string; status: string; message: string }>): void {
    const { workbook } = this.services;
    let grown = false;
    for (const name of CONTACT_PUSH_COLUMNS) {
      if (!this.header.includes(name)) {
        this.header.push(name);
        grown = true;
      }
    }
    if (grown) workbook.writeRows(SHEETS.contacts, 1, [this.header]);
    const sorted = [...rows].sort((a, b) => a.index - b.index);
    for (const run of runs(sorted, (r) => r.index)) {
      const first = run[0]!.index + 2;
      const column = (name: string) => this.header.indexOf(name) + 1;
      const ids = run.map((r) => r.openPhoneId || this.contacts[r.index]?.['OpenPhone ID'] || '');
      if (run.some((r) => r.openPhoneId)) workbook.writeColumn(SHEETS.contacts, column('OpenPhone ID'), first, ids);
      workbook.writeColumn(
        SHEETS.contacts,
        column('Push Status'),
        first,
        run.map((r) => r.status),
      );
      workbook.writeColumn(
        SHEETS.contacts,
        column('Push Message'),
        first,
        run.map((r) => r.message),
      );
      run.forEach((r, k) => {
        const c = this.contacts[r.index];
        if (c) c['OpenPhone ID'] = ids[k]!;
      });
    }
  }
}

function logLength(workbook: WorkbookPort): number {
  // The log only grows; its length is read again each batch in case a person cleared rows.
  return workbook.read(PUSH_LOG_SHEET)?.rows.length ?? 0;
}

function usage(services: PushServices): { day: string; used: number } {
  const day = services.now().toISOString().slice(0, 10);
  try {
    const u = JSON.parse(services.userProperties.getProperty(USAGE_PROPERTY) ?? '{}') as { day?: string; used?: number };
    return u.day === day ? { day, used: u.used ?? 0 } : { day, used: 0 };
  } catch {
    return { day, used: 0 };
  }
}

function addUsage(services: PushServices, n: number): void {
  const u = usage(services);
  services.userProperties.setProperty(USAGE_PROPERTY, JSON.stringify({ day: u.day, used: u.used + n }));
}

/** A client whose rate gate knows the requests earlier executions sent in the last second. */
function apiFor(services: PushServices): ContactsApi {
  let earlier: number[];
  try {
    earlier = JSON.parse(services.properties.getProperty(RECENT_REQUESTS_PROPERTY) ?? '[]') as number[];
  } catch {
    earlier = [];
  }
  return new ContactsApi(services, earlier);
}

function noteRecent(services: PushServices, api: ContactsApi): void {
  services.properties.setProperty(RECENT_REQUESTS_PROPERTY, JSON.stringify(api.gate.recent()));
}

/** Reads OpenPhone with a client that leaves its rate record for the next execution. */
function withApi<T>(services: PushServices, work: (api: ContactsApi) => T): T {
  const api = apiFor(services);
  try {
    return work(api);
  } finally {
    noteRecent(services, api);
    addUsage(services, api.requests);
  }
}

function readJob(properties: PropertyStore): Job | null {
  const raw = properties.getProperty(JOB_PROPERTY);
  return raw ? (JSON.parse(raw) as Job) : null;
}

export function progressOf(job: Job | null, remaining: number, remainingCalls: number): PushProgress {
  if (!job)
    return {
      state: 'idle',
      total: 0,
      done: 0,
      created: 0,
      linked: 0,
      updated: 0,
      errors: 0,
      unchanged: 0,
      skipped: 0,
      etaSeconds: 0,
      message: '',
      startedAt: '',
    };
  return {
    unchanged: job.unchanged ?? 0,
    skipped: job.skipped ?? 0,
    state: job.state,
    total: job.total,
    done: Math.max(0, job.total - remaining),
    created: job.created,
    linked: job.linked,
    updated: job.updated,
    errors: job.errors,
    etaSeconds: Math.ceil(remainingCalls / RATE_PER_SECOND),
    message: job.message,
    startedAt: job.startedAt,
  };
}

/** The dry run: what a push would do, with OpenPhone asked only to read. */
export function planPush(services: PushServices): PushPlanView {
  const ctx = new PushContext(services);
  return withApi(services, (api) => planWith(ctx, api));
}

function planWith(ctx: PushContext, api: ContactsApi): PushPlanView {
  const { services } = ctx;
  const fields = fieldMap(api, ctx.settings);
  const plans = ctx.plans(fields.map);
  const counts = countPlan(plans);
  const creates = plans.filter((p): p is Extract<RowPlan, { kind: 'create' }> => p.kind === 'create');
  const found = api.findByExternalIds(creates.map((p) => p.item.draft.contactId));
  const already = creates.filter((p) => found.has(p.item.draft.contactId)).length;
  const create = counts.create - already;
  const update = counts.update + already;
  const apiCalls = apiCallsFor(create, update);
  const used = usage(services).used + api.requests;
  const left = Math.max(0, ctx.settings.urlFetchPerDay - QUOTA_RESERVE - used);
  const writes = create + update;
  const fitsToday = apiCalls <= left ? writes : Math.max(0, Math.floor((left * writes) / Math.max(1, apiCalls)));
  const problems = plans
    .filter((p): p is Extract<RowPlan, { kind: 'error' }> => p.kind === 'error')
    .slice(0, 20)
    .map((p) => ({ contactId: p.contactId, row: p.index + 2, message: p.message }));
  const minutes = (s: number) => (s < 90 ? `${s} s` : `${Math.round(s / 60)} min`);
  const seconds = Math.ceil(apiCalls / RATE_PER_SECOND);
  const lines = [
    `${create} to create, ${update} to update${already ? ` (${already} already in OpenPhone, linked by Contact ID)` : ''}, ${counts.unchanged} unchanged.`,
    `${counts.skippedPhoneOnly + counts.skippedOpenPhoneOnly} skipped (${counts.skippedPhoneOnly} phone-only, ${counts.skippedOpenPhoneOnly} known only from the OpenPhone export); ${counts.errors} OpenPhone cannot take.`,
    `${apiCalls} API calls, about ${minutes(seconds)} at ${RATE_PER_SECOND} requests a second; ${used} of today's ${ctx.settings.urlFetchPerDay} UrlFetch calls used.`,
    fitsToday < writes
      ? `Only ${fitsToday} of ${writes} contacts fit in today's UrlFetch quota: the push stops there and resumes tomorrow.`
      : '',
    fields.mapped.length ? `QuickBooks history goes to the custom fields ${fields.mapped.join(', ')}.` : '',
    fields.missing.length
      ? `OpenPhone defines no custom field named ${fields.missing.join(', ')}: that QuickBooks history is not pushed.`
      : '',
  ].filter(Boolean);
  return {
    ...counts,
    create,
    update,
    alreadyInOpenPhone: already,
    apiCalls,
    seconds,
    quotaPerDay: ctx.settings.urlFetchPerDay,
    usedToday: used,
    fitsToday,
    customFields: { mapped: fields.mapped, missing: fields.missing },
    problems,
    lines,
  };
}

export function pushStatus(services: PushServices): PushProgress {
  const job = readJob(services.properties);
  if (!job) return progressOf(null, 0, 0);
  let ctx: PushContext;
  try {
    ctx = new PushContext(services);
  } catch {
    // Contacts gone or Settings unreadable: the job's own counts are all there is to show.
    return progressOf(job, 0, 0);
  }
  const all = ctx.plans(JSON.parse(services.properties.getProperty(FIELDS_PROPERTY) ?? '[]') as FieldMap);
  const plans = all.filter((p) => p.kind === 'create' || p.kind === 'update');
  const remaining = job.state === 'done' ? 0 : Math.min(job.total, plans.length);
  return progressOf(
    job,
    remaining,
    apiCallsFor(plans.filter((p) => p.kind === 'create').length, plans.filter((p) => p.kind === 'update').length),
  );
}

/** A Cancel is noted without the lock (the running chunk holds it) and seen after its batch. */
export function requestCancel(properties: PropertyStore): void {
  properties.setProperty(CANCEL_PROPERTY, '1');
}

/** One bounded chunk of the push. The caller holds the document lock. */
export function pushChunk(services: PushServices, options: ChunkOptions = {}): PushProgress {
  const { properties } = services;
  if (options.start) properties.deleteProperty(CANCEL_PROPERTY);
  const ctx = new PushContext(services);
  ensureSettingRows(services.workbook, SETTING_ROWS);
  ctx.restoreColumns();
  const api = apiFor(services);
  const started = services.clock.now();
  let job = readJob(properties);
  const fresh = !job || job.state === 'done';
  try {
    // The workspace and its custom fields are read when a push starts, not again every chunk:
    // each request read is a create less in that second.
    let fields: { map: FieldMap };
    const cached = properties.getProperty(FIELDS_PROPERTY);
    if (fresh || options.start || cached === null) {
      checkWorkspace(api, properties);
      fields = fieldMap(api, ctx.settings);
      properties.setProperty(FIELDS_PROPERTY, JSON.stringify(fields.map));
    } else fields = { map: JSON.parse(cached) as FieldMap };
    const plans = ctx.plans(fields.map);
    // Rows that cannot be pushed are marked once on their row, and the rest go on.
    const newErrors = plans.filter((p): p is Extract<RowPlan, { kind: 'error' }> => p.kind === 'error' && !p.known);
    if (newErrors.length) {
      ctx.save(
        newErrors.map((p) => ({
          index: p.index,
          contactId: p.contactId,
          status: 'error',
          openPhoneId: '',
          pushedHash: '',
          triedHash: p.hash,
          message: p.message,
        })),
        // Refused before any API call: the row says why; the Push Log holds API writes only.
        null,
      );
    }
    let work: WorkItem[] = plans.flatMap((p) => (p.kind === 'create' || p.kind === 'update' ? [p.item] : []));
    if (fresh || !job) {
      job = {
        total: work.length,
        unchanged: plans.filter((p) => p.kind === 'unchanged').length,
        skipped: plans.filter((p) => p.kind === 'skip').length,
        created: 0,
        linked: 0,
        updated: 0,
        errors: 0,
        startedAt: services.now().toISOString(),
        state: 'running',
        message: '',
      };
    }
    job.errors += newErrors.length;
    job.state = 'running';
    job.message = '';
    let more = false;
    if (options.maxRows !== undefined) {
      const chunk = chunkOf(api, work, options.maxRows);
      more = chunk.length < work.length;
      work = chunk;
    }
    const budget = chunkBudget(options.budgetMs);
    const perDay = ctx.settings.urlFetchPerDay;
    let counted = 0;
    const current = job;
    const result = runChunk(
      api,
      work,
      {
        save: (outcomes) => {
          ctx.save(outcomes, (o) =>
            o.status === 'created'
              ? 'create'
              : o.status === 'linked'
                ? 'link'
                : o.status === 'updated'
                  ? 'update'
                  : work.find((w) => w.index === o.index)?.openPhoneId
                    ? 'update'
                    : 'create',
          );
          for (const o of outcomes) {
            if (o.status === 'created') current.created++;
            else if (o.status === 'linked') current.linked++;
            else if (o.status === 'updated') current.updated++;
            else current.errors++;
          }
          addUsage(services, api.requests - counted);
          counted = api.requests;
          noteRecent(services, api);
          properties.setProperty(JOB_PROPERTY, JSON.stringify(current));
        },
        stop: () => {
          if (properties.getProperty(CANCEL_PROPERTY)) return 'cancelled';
          if (services.clock.now() - started > budget) return 'budget';
          if (usage(services).used + RATE_PER_SECOND * 2 > perDay - QUOTA_RESERVE) return 'quota';
          return null;
        },
      },
      fields.map.map((f) => f.definition.key),
      more,
    );
    addUsage(services, api.requests - counted);
    if (result.stopped === 'cancelled') {
      properties.deleteProperty(CANCEL_PROPERTY);
      job.state = 'cancelled';
      job.message = 'Push cancelled after the current batch; press Push to go on where it stopped.';
    } else if (result.stopped === 'quota') {
      job.state = 'quota';
      job.message = `Today's UrlFetch quota (${perDay} calls) is used up: push again tomorrow to go on where it stopped.`;
    }
    const after = ctx.plans(fields.map);
    const left = after.filter((p) => p.kind === 'create' || p.kind === 'update');
    if (left.length === 0) {
      job.state = 'done';
      job.message = '';
    }
    properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
    noteRecent(services, api);
    const creates = left.filter((p) => p.kind === 'create').length;
    return progressOf(job, Math.min(job.total, left.length), apiCallsFor(creates, left.length - creates));
  } catch (e) {
    noteRecent(services, api);
    if (e instanceof QuotaReached) {
      job ??= {
        total: 0,
        unchanged: 0,
        skipped: 0,
        created: 0,
        linked: 0,
        updated: 0,
        errors: 0,
        startedAt: services.now().toISOString(),
        state: 'quota',
        message: '',
      };
      job.state = 'quota';
      job.message = "Today's UrlFetch quota is used up: push again tomorrow to go on where it stopped.";
      properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
      return progressOf(job, job.total, 0);
    }
    if (e instanceof PushStopped && job) {
      job.state = 'stopped';
      job.message = e.message;
      properties.setProperty(JOB_PROPERTY, JSON.stringify(job));
    }
    throw e;
  }
}

/**
 * The workspace a workbook was first pushed to is remembered by its numbers: a key for another
 * workspace would create every contact a second time there, so it stops the push instead.
 */
function checkWorkspace(api: ContactsApi, properties: PropertyStore): void {
  const numbers = workspaceNumbers(api).join(', ');
  const before = properties.getProperty(WORKSPACE_PROPERTY);
  if (before === null) properties.setProperty(WORKSPACE_PROPERTY, numbers);
  else if (before !== numbers) {
    throw new PushStopped(
      `This spreadsheet was pushed to the OpenPhone workspace with the numbers ${before}, but the API key now saved opens another workspace (${numbers || 'no numbers'}). Save that workspace's key to go on.`,
      403,
    );
  }
}

/** The figures checked against OpenPhone itself: our contacts listed back and compared with the sheet. */
export function verifyPush(services: PushServices): PushVerification {
  const ctx = new PushContext(services);
  const { fields, ours } = withApi(services, (api) => ({ fields: fieldMap(api, ctx.settings), ours: api.listOurs(PUSH_SOURCE) }));
  const byExternal = new Map<string, ApiContact[]>();
  for (const c of ours) if (c.externalId) byExternal.set(c.externalId, [...(byExternal.get(c.externalId) ?? []), c]);
  const quickbooks = new Set(
    rowsOf(services.workbook.read(SHEETS.sources))
      .filter((r) => r['Source Type'] === 'quickbooks')
      .map((r) => r['File Name'] ?? ''),
  );
  let duplicates = 0;
  byExternal.forEach((list) => (duplicates += list.length - 1));
  const v: PushVerification = {
    inOpenPhone: ours.length,
    created: 0,
    updated: 0,
    named: 0,
    phoneOnly: 0,
    withEmail: 0,
    quickbooksMatched: 0,
    duplicates,
    mismatched: 0,
    missing: 0,
    rowsPushed: 0,
    checkedAt: services.now().toISOString(),
  };
  for (const c of ours) {
    const f = c.defaultFields;
    if (f.firstName || f.lastName || f.company) v.named++;
    else v.phoneOnly++;
    if ((f.emails ?? []).length) v.withEmail++;
  }
  for (const row of ctx.contacts) {
    const id = (row['OpenPhone ID'] ?? '').trim();
    if (!id) continue;
    v.rowsPushed++;
    const found = (byExternal.get((row['Contact ID'] ?? '').trim()) ?? []).find((c) => c.id === id);
    if (!found) {
      v.missing++;
      continue;
    }
    if (!sameAs(draftOf(row, fields.map), found)) v.mismatched++;
    const sources = (row['Sources'] ?? '').split(',').map((s) => s.trim());
    if (sources.some((s) => quickbooks.has(s))) v.quickbooksMatched++;
  }
  for (const r of rowsOf(services.workbook.read(PUSH_LOG_SHEET))) {
    if (r['Status'] !== 'ok') continue;
    if (r['Action'] === 'create') v.created++;
    else if (r['Action'] === 'update') v.updated++;
  }
  return v;
}
