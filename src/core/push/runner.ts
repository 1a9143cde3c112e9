/**
 * One chunk of a push: creates and updates in batches sent together (fetchAll), never more
 * than the API's 10 requests in any rolling second, each batch's outcome handed to `save`
 * before the next one goes out. The API has no idempotency key, so a create whose answer is
 * unknown (5xx, timeout, dropped connection) is looked up by its externalId before it is sent
 * again: a contact is never created twice, however often a run is cut off.
 */
import { UserError } from '../errors';
import type { Clock, Http, HttpRequest, HttpResponse } from '../ports';
import { createBody, mergedBody, sameAs, type ApiContact, type ContactDraft } from './contact';

export const RATE_PER_SECOND = 10;
/**
 * Added to the rolling second: both clocks count whole milliseconds, so an answer stamped at
 * one millisecond may have come back at the end of it.
 */
const RATE_MARGIN_MS = 2;
/** Room that opens this soon after the first is waited for rather than sent into alone. */
const REJOIN_MS = 250;
/** The API's page limit for contacts, and the URL limit of UrlFetch (2 KB). */
export const LOOKUP_PAGE = 50;
const MAX_URL = 2000;
const MAX_ATTEMPTS = 5;
const UPDATE_BATCH = 5;

export interface WorkItem {
  /** Position of the row in the Contacts sheet's data (0-based). */
  index: number;
  draft: ContactDraft;
  hash: string;
  /** Empty for a row never pushed. */
  openPhoneId: string;
}

export type OutcomeStatus = 'created' | 'linked' | 'updated' | 'error';

export interface Outcome {
  index: number;
  contactId: string;
  status: OutcomeStatus;
  openPhoneId: string;
  /** The hash OpenPhone's contact now matches; '' when it may differ (pushed again next run). */
  pushedHash: string;
  /** The hash of the row as tried: an error is not retried until the row changes. */
  triedHash: string;
  message: string;
}

export interface ChunkControl {
  /** Called after every batch, before the next one is sent. */
  save(outcomes: Outcome[]): void;
  /** Checked before every batch. */
  stop(): 'cancelled' | 'budget' | 'quota' | null;
}

export interface PushPorts {
  http: Http;
  clock: Clock;
  apiKey: string;
  baseUrl: string;
}

/** The key was refused: nothing more can be pushed with it. */
export class PushStopped extends UserError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class QuotaReached extends Error {}

/**
 * Never more than `limit` requests in any rolling second as the API counts them: when they
 * arrive, which is some time after they leave (a worker to wake, a connection to open, a busy
 * machine or network) and before their answer is back. So a request counts from the moment its
 * answer came back, the latest it can have arrived: one sent a second after that reaches the
 * API more than a second after it, however late either travelled.
 */
export class RateGate {
  private sent: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly limit = RATE_PER_SECOND,
    /** When the latest answers of earlier executions came back: the next one often starts within the second. */
    earlier: number[] = [],
  ) {
    this.sent = earlier.slice(-limit);
  }

  /** Waits until `n` more requests fit, then counts them from now until their answers are back. */
  take(n: number): void {
    const window = 1000 + RATE_MARGIN_MS;
    for (;;) {
      const now = this.clock.now();
      this.sent = this.sent.filter((t) => now - t < window);
      if (this.sent.length + n <= this.limit) break;
      this.clock.sleep(this.sent[this.sent.length + n - this.limit - 1]! + window - now);
    }
    const at = this.clock.now();
    for (let i = 0; i < n; i++) this.sent.push(at);
  }

  /** The answers to the last `n` requests taken are back (or given up on): they count from now. */
  answered(n: number): void {
    const at = this.clock.now();
    for (let i = Math.max(0, this.sent.length - n); i < this.sent.length; i++) this.sent[i] = at;
  }

  /**
   * Waits until at least one request may leave and answers how many may leave then (at most
   * `wanted`): a batch fills the room there is instead of waiting a whole second for ten. Room
   * that opens a moment later is waited for, so that requests sent a few at a time (a look-up
   * between creates) join one batch again, instead of every second after going out in two
   * fetchAll calls, each with its own round trip and its own save to the sheets.
   */
  room(wanted: number): number {
    const window = 1000 + RATE_MARGIN_MS;
    const want = Math.min(wanted, this.limit);
    const now = this.clock.now();
    this.sent = this.sent.filter((t) => now - t < window);
    let free = this.limit - this.sent.length;
    const first = free > 0 ? now : this.sent[0]! + window;
    let until = first;
    for (let i = 0; free < want && i < this.sent.length && this.sent[i]! + window <= first + REJOIN_MS; i++) {
      until = this.sent[i]! + window;
      free++;
    }
    if (until > now) this.clock.sleep(until - now);
    return free;
  }

  /** The latest answers, for the next execution's gate. */
  recent(): number[] {
    return this.sent.slice(-this.limit);
  }
}

type Answer = HttpResponse | 'lost';

export class ContactsApi {
  readonly gate: RateGate;
  requests = 0;
  private readonly base: string;

  constructor(
    private readonly ports: PushPorts,
    earlier: number[] = [],
  ) {
    this.base = ports.baseUrl.replace(/\/+$/, '');
    this.gate = new RateGate(ports.clock, RATE_PER_SECOND, earlier);
  }

  /**
   * Sends the requests together and answers each; a 429 is sent again after Retry-After. A
   * batch whose answers never came (timeout, dropped connection) answers 'lost' for each.
   */
  send(requests: HttpRequest[]): Answer[] {
    const answers: Answer[] = new Array(requests.length);
    let pending = requests.map((_, i) => i);
    for (let round = 0; pending.length > 0; round++) {
      this.gate.take(pending.length);
      this.requests += pending.length;
      let got: Answer[];
      try {
        try {
          got = this.ports.http.fetchAll(pending.map((i) => this.withAuth(requests[i]!)));
        } finally {
          this.gate.answered(pending.length);
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/too many times for one day/i.test(message)) throw new QuotaReached(message);
        if (/maximum execution time/i.test(message)) throw e;
        got = pending.map(() => 'lost' as const);
      }
      const again: number[] = [];
      let wait = 0;
      got.forEach((answer, k) => {
        const i = pending[k]!;
        if (answer !== 'lost' && answer.status === 429 && round < 8) {
          again.push(i);
          wait = Math.max(wait, retryAfterMs(answer, round));
        } else answers[i] = answer;
      });
      if (again.length) this.ports.clock.sleep(wait);
      pending = again;
    }
    return answers;
  }

  /**
   * The externalIds in groups of as many as one look-up URL holds inside the 2 KB limit, with
   * room for a page token: every look-up is a request less for creates in its second, and the
   * API sets no limit of its own on how many a request may name (its pages hold 50).
   */
  lookupGroups(ids: string[]): string[][] {
    const groups: string[][] = [];
    let group: string[] = [];
    let length = 0;
    const fixed = `${this.base}/v1/contacts?maxResults=${LOOKUP_PAGE}&pageToken=${'x'.repeat(120)}`.length;
    for (const id of ids) {
      const part = `&externalIds=${encodeURIComponent(id)}`.length;
      if (group.length && fixed + length + part > MAX_URL) {
        groups.push(group);
        group = [];
        length = 0;
      }
      group.push(id);
      length += part;
    }
    if (group.length) groups.push(group);
    return groups;
  }

  /** Every contact carrying one of these externalIds, paged. */
  findByExternalIds(ids: string[]): Map<string, ApiContact[]> {
    const found = new Map<string, ApiContact[]>();
    const groups = this.lookupGroups(ids);
    for (const g of groups) {
      let token: string | null = null;
      do {
        const qs = [`maxResults=${LOOKUP_PAGE}`, ...g.map((id) => `externalIds=${encodeURIComponent(id)}`)];
        if (token) qs.push(`pageToken=${encodeURIComponent(token)}`);
        const page = this.json<{ data: ApiContact[]; nextPageToken: string | null }>({
          url: `${this.base}/v1/contacts?${qs.join('&')}`,
          method: 'get',
        });
        for (const c of page.data ?? []) {
          if (c.externalId === null) continue;
          found.set(c.externalId, [...(found.get(c.externalId) ?? []), c]);
        }
        token = page.nextPageToken ?? null;
      } while (token);
    }
    return found;
  }

  /** Every contact we created (our source), paged: what verification compares with the sheet. */
  listOurs(source: string): ApiContact[] {
    const all: ApiContact[] = [];
    let token: string | null = null;
    do {
      const qs = [`maxResults=${LOOKUP_PAGE}`, `sources=${encodeURIComponent(source)}`];
      if (token) qs.push(`pageToken=${encodeURIComponent(token)}`);
      const page = this.json<{ data: ApiContact[]; nextPageToken: string | null }>({
        url: `${this.base}/v1/contacts?${qs.join('&')}`,
        method: 'get',
      });
      all.push(...(page.data ?? []));
      token = page.nextPageToken ?? null;
    } while (token);
    return all;
  }

  /** One read with retries; a refused key stops everything. */
  json<T>(request: HttpRequest): T {
    for (let attempt = 1; ; attempt++) {
      const [answer] = this.send([request]);
      if (answer !== 'lost' && answer!.status < 300) return JSON.parse(answer!.body) as T;
      if (answer !== 'lost') refusedKey(answer!);
      if (attempt >= MAX_ATTEMPTS || (answer !== 'lost' && answer!.status < 500)) {
        throw new UserError(`OpenPhone ${request.url.slice(this.base.length).split('?')[0]} failed: ${describe(answer!)}.`);
      }
      // A read is safe to repeat: the first retry goes at once, later ones back off.
      if (attempt > 1) this.ports.clock.sleep(250 * 2 ** attempt);
    }
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  private withAuth(r: HttpRequest): HttpRequest {
    return { ...r, headers: { ...r.headers, Authorization: this.ports.apiKey, Accept: 'application/json' } };
  }
}

/** 401/403: the key is wrong or belongs elsewhere; said plainly, never echoing the key. */
function refusedKey(answer: HttpResponse): void {
  if (answer.status === 401) {
    throw new PushStopped('OpenPhone refused the API key (401 Unauthorized): copy it again from OpenPhone → Settings → API.', 401);
  }
  if (answer.status === 403) {
    throw new PushStopped(
      `OpenPhone does not allow this key to change contacts (403${apiReason(answer) ? `: ${apiReason(answer)}` : ''}).`,
      403,
    );
  }
}

function retryAfterMs(answer: HttpResponse, round: number): number {
  const key = Object.keys(answer.headers).find((k) => k.toLowerCase() === 'retry-after');
  const seconds = key ? Number(answer.headers[key]) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Math.min(500 * 2 ** round, 8000);
}

/** The API's own words for a refusal: its message and the first field error. */
export function apiReason(answer: HttpResponse): string {
  try {
    const body = JSON.parse(answer.body) as {
      message?: string;
      error?: { message?: string };
      errors?: Array<{ path?: string; message?: string; key?: string; reason?: string }>;
    };
    const first = body.errors?.[0];
    const detail = first
      ? `${first.path ?? first.key ?? ''}${first.path || first.key ? ': ' : ''}${first.message ?? first.reason ?? ''}`
      : '';
    return [body.error?.message ?? body.message, detail].filter(Boolean).join(' — ');
  } catch {
    return '';
  }
}

function describe(answer: Answer): string {
  if (answer === 'lost') return 'no answer (timeout or connection lost)';
  const reason = apiReason(answer);
  return `${answer.status}${reason ? ` ${reason}` : ''}`;
}

/**
 * The work in the groups it is sent in: a run of new rows as many as one look-up holds (then
 * created in batches of 10), rows already in OpenPhone a few at a time.
 */
export function workGroups(api: ContactsApi, work: WorkItem[]): WorkItem[][] {
  const groups: WorkItem[][] = [];
  for (let i = 0; i < work.length;) {
    const update = Boolean(work[i]!.openPhoneId);
    let end = i;
    while (end < work.length && Boolean(work[end]!.openPhoneId) === update) end++;
    const run = work.slice(i, end);
    const sizes = update
      ? Array.from({ length: Math.ceil(run.length / UPDATE_BATCH) }, (_, k) => Math.min(UPDATE_BATCH, run.length - k * UPDATE_BATCH))
      : api.lookupGroups(run.map((w) => w.draft.contactId)).map((g) => g.length);
    for (const size of sizes) {
      groups.push(work.slice(i, i + size));
      i += size;
    }
  }
  return groups;
}

/**
 * At most `maxRows` of the work, ending where a group ends: a chunk that cut a group short
 * would spend a whole look-up on the few rows left for the next chunk.
 */
export function chunkOf(api: ContactsApi, work: WorkItem[], maxRows: number): WorkItem[] {
  const chunk: WorkItem[] = [];
  for (const group of workGroups(api, work)) {
    if (chunk.length + group.length > maxRows) {
      if (chunk.length === 0) chunk.push(...group.slice(0, Math.max(0, maxRows)));
      break;
    }
    chunk.push(...group);
  }
  return chunk;
}

/**
 * Pushes `work` in order until it is done or `control.stop()` says so; returns how many items
 * were finished. Throws PushStopped when the key is refused (the batches before are saved).
 */
export function pushChunk(
  api: ContactsApi,
  work: WorkItem[],
  control: ChunkControl,
  ownKeys: string[],
  /** More rows follow in the next chunk. */
  more = false,
): { done: number; stopped: ReturnType<ChunkControl['stop']> } {
  let done = 0;
  const groups = workGroups(api, work);
  for (const [g, group] of groups.entries()) {
    const stopped = control.stop();
    if (stopped) return { done, stopped };
    if (!group[0]!.openPhoneId) {
      const created = createGroup(api, group, control, ownKeys, more && g === groups.length - 1);
      done += created.done;
      if (created.stopped) return { done, stopped: created.stopped };
    } else {
      control.save(updateBatch(api, group, ownKeys));
      done += group.length;
    }
  }
  return { done, stopped: null };
}

function createGroup(
  api: ContactsApi,
  group: WorkItem[],
  control: ChunkControl,
  ownKeys: string[],
  endOnFullBatch: boolean,
): { done: number; stopped: ReturnType<ChunkControl['stop']> } {
  const attempts = new Map<WorkItem, number>();
  const lastProblem = new Map<WorkItem, string>();
  let queue = linkExisting(api, group, control, ownKeys);
  let done = group.length - queue.length;
  // Creates whose answer is unknown wait, unsent again, for one look-up for all of them.
  let unsure: WorkItem[] = [];
  let stopped: ReturnType<ChunkControl['stop']> = null;
  let sent = false;
  while (queue.length || unsure.length) {
    const outcomes: Outcome[] = [];
    if (endOnFullBatch && sent && queue.length > 0 && queue.length < RATE_PER_SECOND && queue.every((w) => !attempts.has(w))) {
      // Rows never sent, too few for a full batch, are left to the next chunk, which looks
      // them up with its own rows: the next chunk then starts while the last full batch's
      // second runs out, instead of while the room a short batch left sits unused.
      queue = [];
      continue;
    }
    if (queue.length && !stopped) {
      sent = true;
      const batch = queue.slice(0, api.gate.room(Math.min(queue.length, RATE_PER_SECOND)));
      queue = queue.slice(batch.length);
      const answers = api.send(
        batch.map((w) => ({ url: api.url('/v1/contacts'), method: 'post', body: JSON.stringify(createBody(w.draft)) })),
      );
      answers.forEach((answer, k) => {
        const w = batch[k]!;
        if (answer !== 'lost' && answer.status < 300) {
          const created = (JSON.parse(answer.body) as { data: ApiContact }).data;
          outcomes.push(outcome(w, 'created', created.id, w.hash, ''));
        } else if (answer !== 'lost' && answer.status < 500) {
          refusedKey(answer);
          outcomes.push(
            outcome(w, 'error', '', '', `OpenPhone refused the contact (${answer.status}): ${apiReason(answer) || 'no reason given'}`),
          );
        } else {
          unsure.push(w);
          lastProblem.set(w, describe(answer));
        }
      });
    } else {
      // The creates may have happened: look before sending any of them again.
      const found = api.findByExternalIds(unsure.map((w) => w.draft.contactId));
      for (const w of unsure) {
        const existing = found.get(w.draft.contactId)?.[0];
        if (existing) outcomes.push(outcome(w, 'created', existing.id, sameAs(w.draft, existing) ? w.hash : '', ''));
        else if ((attempts.get(w) ?? 1) >= MAX_ATTEMPTS) {
          outcomes.push(
            outcome(
              w,
              'error',
              '',
              '',
              `OpenPhone did not create the contact after ${MAX_ATTEMPTS} attempts (last: ${lastProblem.get(w)}). Push again later.`,
            ),
          );
        } else if (!stopped) {
          attempts.set(w, (attempts.get(w) ?? 1) + 1);
          queue.push(w);
        }
      }
      unsure = [];
    }
    done += outcomes.length;
    control.save(outcomes);
    if (!stopped && queue.length) stopped = control.stop();
    if (stopped && unsure.length === 0) return { done, stopped };
  }
  return { done, stopped };
}

/** Rows whose externalId OpenPhone already has are linked to that contact, not created again. */
function linkExisting(api: ContactsApi, group: WorkItem[], control: ChunkControl, ownKeys: string[]): WorkItem[] {
  const found = api.findByExternalIds(group.map((w) => w.draft.contactId));
  const outcomes: Outcome[] = [];
  const toUpdate: WorkItem[] = [];
  const rest: WorkItem[] = [];
  for (const w of group) {
    const existing = found.get(w.draft.contactId)?.[0];
    if (!existing) rest.push(w);
    else if (sameAs(w.draft, existing)) outcomes.push(outcome(w, 'linked', existing.id, w.hash, ''));
    else toUpdate.push({ ...w, openPhoneId: existing.id });
  }
  if (outcomes.length) control.save(outcomes);
  for (let k = 0; k < toUpdate.length; k += UPDATE_BATCH) control.save(updateBatch(api, toUpdate.slice(k, k + UPDATE_BATCH), ownKeys));
  return rest;
}

/** Sync back: GET each contact, merge the row into it, PATCH the complete object. */
function updateBatch(api: ContactsApi, batch: WorkItem[], ownKeys: string[]): Outcome[] {
  const outcomes: Outcome[] = [];
  let pending = batch;
  for (let attempt = 1; pending.length && attempt <= MAX_ATTEMPTS; attempt++) {
    const got = api.send(pending.map((w) => ({ url: api.url(`/v1/contacts/${encodeURIComponent(w.openPhoneId)}`), method: 'get' })));
    const ready: Array<{ w: WorkItem; current: ApiContact }> = [];
    const retry: WorkItem[] = [];
    got.forEach((answer, k) => {
      const w = pending[k]!;
      if (answer !== 'lost' && answer.status < 300) ready.push({ w, current: (JSON.parse(answer.body) as { data: ApiContact }).data });
      else if (answer !== 'lost' && answer.status === 404) {
        outcomes.push(
          outcome(
            w,
            'error',
            w.openPhoneId,
            '',
            `OpenPhone has no contact ${w.openPhoneId} (deleted in OpenPhone, or the API key belongs to another workspace). Clear the OpenPhone ID to create it again.`,
          ),
        );
      } else if (answer !== 'lost' && answer.status < 500) {
        refusedKey(answer);
        outcomes.push(
          outcome(w, 'error', w.openPhoneId, '', `OpenPhone refused to read the contact (${answer.status}): ${apiReason(answer)}`),
        );
      } else if (attempt === MAX_ATTEMPTS)
        outcomes.push(outcome(w, 'error', w.openPhoneId, '', `OpenPhone did not answer (${describe(answer)}). Push again later.`));
      else retry.push(w);
    });
    if (ready.length) {
      // A PATCH carries the whole contact, so sending it again after a lost answer is harmless.
      const patched = api.send(
        ready.map(({ w, current }) => ({
          url: api.url(`/v1/contacts/${encodeURIComponent(w.openPhoneId)}`),
          method: 'patch',
          body: JSON.stringify(mergedBody(w.draft, current, ownKeys)),
        })),
      );
      patched.forEach((answer, k) => {
        const { w } = ready[k]!;
        if (answer !== 'lost' && answer.status < 300) outcomes.push(outcome(w, 'updated', w.openPhoneId, w.hash, ''));
        else if (answer !== 'lost' && answer.status < 500) {
          refusedKey(answer);
          outcomes.push(
            outcome(
              w,
              'error',
              w.openPhoneId,
              '',
              `OpenPhone refused the update (${answer.status}): ${apiReason(answer) || 'no reason given'}`,
            ),
          );
        } else if (attempt === MAX_ATTEMPTS)
          outcomes.push(outcome(w, 'error', w.openPhoneId, '', `OpenPhone did not answer (${describe(answer)}). Push again later.`));
        else retry.push(w);
      });
    }
    pending = retry;
  }
  return outcomes;
}

function outcome(w: WorkItem, status: OutcomeStatus, openPhoneId: string, pushedHash: string, message: string): Outcome {
  return { index: w.index, contactId: w.draft.contactId, status, openPhoneId, pushedHash, triedHash: w.hash, message };
}
