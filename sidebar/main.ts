/**
 * The sidebar's wiring: one state object, rendered whole after every change, and the actions
 * that call the server. Rendering is cheap at this size and leaves no stale corner behind.
 */
import { errorMessage, importResultLine, problemLines } from './format';
import { OPENABLE_SHEETS } from '../src/core/rpc';
import { readFileText, sizeProblem } from './files';
import { server } from './server';
import { SourceUploads } from './source-upload';
import { initialState, MERGE_FIELDS, type Busy, type MappingRole, type Notice, type ReviewState, type SidebarState } from './state';
import type { ConflictCard, QuickBooksStatus, ReviewQueue } from '../src/core/rpc';
import type { DecisionInput, MergeSpec } from '../src/core/review/model';
import type { PushProgress } from '../src/core/push/rpc';
import { progressCounts } from './views/push-step';
import { syncedLine } from './views/quickbooks';
import { renderApp } from './views/app';

const app = document.getElementById('app')!;
let state: SidebarState = initialState();

function setState(change: Partial<SidebarState>): void {
  state = { ...state, ...change };
  render();
}

function render(): void {
  app.innerHTML = renderApp(state).markup;
  app.setAttribute('aria-busy', state.busy ? 'true' : 'false');
}

/** Runs one server action at a time, then re-reads the dashboard whatever the outcome. */
async function run(busy: Busy, action: () => Promise<Partial<SidebarState> | void>): Promise<void> {
  if (state.busy) return;
  setState({ busy });
  let change: Partial<SidebarState>;
  try {
    change = (await action()) ?? {};
  } catch (e) {
    change = failureFor(busy, errorMessage(e));
  }
  try {
    const dashboard = await server.getDashboard();
    setState({ ...change, dashboard, loadError: null, busy: null });
  } catch (e) {
    setState({ ...change, loadError: errorMessage(e), busy: null });
  }
}

function failureFor(busy: Busy, message: string): Partial<SidebarState> {
  const notice: Notice = { kind: 'error', text: message };
  if (busy.action === 'save-key' || busy.action === 'clear-key') return { keyNotice: notice };
  if (busy.action === 'refresh') return { loadError: message };
  if (busy.action === 'read-sources' || busy.action === 'sources' || busy.action === 'remove-source') {
    return { sourcesNotice: notice, confirmRemove: null };
  }
  // A failed run leaves the sheets as they were, so the last run's counts would mislead.
  if (busy.action === 'match') return { matchNotice: notice, matchSummary: null };
  if (busy.action === 'open-sheet') return state.review ? { review: { ...state.review, notice } } : { matchNotice: notice };
  if (busy.action === 'review') return state.review ? { review: { ...state.review, notice, preview: null } } : { reviewNotice: notice };
  if (busy.action === 'apply-decisions' || busy.action === 'export-unmapped') return { reviewNotice: notice };
  if (busy.action === 'push' || busy.action === 'push-plan') return { pushNotice: notice, pushCancelling: false };
  if (busy.action === 'verify') return { verifyNotice: notice };
  if (busy.action === 'quickbooks' || busy.action === 'quickbooks-sync')
    return { quickBooksNotice: notice, quickBooksCancelling: false, confirmDisconnect: false };
  return { importNotice: notice };
}

function importedNotice(summary: Parameters<typeof importResultLine>[0]): Notice {
  return { kind: 'success', text: importResultLine(summary), details: problemLines(summary) };
}

function importCsv(file: File): Promise<void> {
  return run({ action: 'csv', label: `Importing ${file.name}…` }, async () => {
    const text = await readFileText(file, 'Export only the conversations list.');
    const summary = await server.importConversationsCsv(file.name, text);
    return { importNotice: importedNotice(summary) };
  });
}

function loadFromOpenPhone(): Promise<void> {
  return run({ action: 'openphone', label: 'Loading conversations from OpenPhone…' }, async () => {
    const summary = await server.importConversationsFromOpenPhone();
    return { importNotice: importedNotice(summary) };
  });
}

function saveKey(key: string): Promise<void> {
  const trimmed = key.trim();
  if (!trimmed) {
    setState({ keyNotice: { kind: 'error', text: 'Paste your OpenPhone API key first.' }, keySettingsOpen: true });
    return Promise.resolve();
  }
  return run({ action: 'save-key', label: 'Checking the key with OpenPhone…' }, async () => {
    // The server checks the key with one call before it keeps it; a refused key is not saved.
    const dashboard = await server.saveOpenPhoneApiKey(trimmed);
    const check = await server.checkOpenPhoneKey();
    return { dashboard, keyNotice: { kind: 'success', text: `Key saved. ${check.message}` }, keySettingsOpen: true };
  });
}

function clearKey(): Promise<void> {
  return run({ action: 'clear-key', label: 'Removing key…' }, async () => {
    const dashboard = await server.clearOpenPhoneApiKey();
    return { dashboard, keyNotice: { kind: 'info', text: 'Key removed' }, keySettingsOpen: true };
  });
}

const uploads = new SourceUploads(server, (sourceFiles, sourceProgress) => setState({ sourceFiles, sourceProgress }));
const SOURCE_SIZE_HINT = 'Split the export into smaller files.';

/** Files are read and recognised in the browser first, so the user can check each before it is sent. */
function chooseSourceFiles(files: File[]): Promise<void> {
  const label = files.length === 1 ? `Reading ${files[0]!.name}…` : `Reading ${files.length} files…`;
  return run({ action: 'read-sources', label }, async () => {
    uploads.clearFinished();
    for (const file of files) {
      const tooBig = sizeProblem(file, SOURCE_SIZE_HINT);
      if (tooBig) {
        uploads.addRefused(file.name, tooBig);
        continue;
      }
      try {
        uploads.addText(file.name, await readFileText(file, SOURCE_SIZE_HINT));
      } catch (e) {
        uploads.addRefused(file.name, errorMessage(e));
      }
    }
    return { sourcesNotice: null };
  });
}

function sendSources(label: string, work: () => Promise<void>): Promise<void> {
  return run({ action: 'sources', label }, async () => {
    await work();
    return { sourcesNotice: null };
  });
}

function fileNameOf(key: string): string {
  return uploads.list().find((f) => f.key === key)?.fileName ?? 'file';
}

function mappingRoles(form: HTMLFormElement): MappingRole[] {
  return Array.from(form.querySelectorAll<HTMLSelectElement>('select[name^="col-"]')).map((s) => s.value as MappingRole);
}

function removeSource(sourceId: string): Promise<void> {
  return run({ action: 'remove-source', label: 'Removing the source…' }, async () => {
    const dashboard = await server.removeSource(sourceId);
    return { dashboard, confirmRemove: null, sourcesNotice: null };
  });
}

/** One server call for the whole run: in real Sheets it takes seconds for thousands of phones. */
function runMatch(): Promise<void> {
  return run({ action: 'match', label: 'Matching every conversation phone against the sources…' }, async () => {
    const matchSummary = await server.runMatch();
    return { matchSummary, matchNotice: null };
  });
}

function openSheet(name: string): Promise<void> {
  if (!OPENABLE_SHEETS.includes(name)) return Promise.resolve();
  return run({ action: 'open-sheet', label: `Opening ${name}…` }, async () => {
    await server.openSheet(name);
    return { matchNotice: null };
  });
}

// --- Conflict review ---------------------------------------------------------------------

function reviewFrom(queue: ReviewQueue, previous?: ReviewState): ReviewState {
  return {
    queue: previous?.queue.length ? previous.queue : queue.phones,
    index: previous?.index ?? 0,
    remaining: queue.remaining,
    total: queue.total,
    canUndo: queue.canUndo,
    card: previous?.card ?? null,
    strategy: previous?.strategy ?? { kind: 'pick', candidate: 1 },
    merge: previous?.merge ?? defaultMerge(1),
    keepJobHistory: previous?.keepJobHistory ?? true,
    preview: null,
    notice: previous?.notice ?? null,
  };
}

function defaultMerge(candidate: number): MergeSpec {
  return Object.fromEntries(MERGE_FIELDS.map(({ field }) => [field, { from: candidate }])) as MergeSpec;
}

/** A new card starts on its recommendation: one keypress or click away from agreeing. */
function withCard(review: ReviewState, card: ConflictCard | null, index: number): ReviewState {
  const recommended = card?.recommended ?? 1;
  return { ...review, card, index, strategy: { kind: 'pick', candidate: recommended }, merge: defaultMerge(recommended), preview: null };
}

function openReview(): Promise<void> {
  return run({ action: 'review', label: 'Loading the conflicts…' }, async () => {
    const queue = await server.getReviewQueue();
    const review = reviewFrom(queue);
    const first = queue.phones[0];
    return { review: withCard(review, first ? await server.getConflict(first) : null, 0), reviewNotice: null };
  });
}

function showConflict(index: number): Promise<void> {
  const review = state.review;
  if (!review || index < 0 || index >= review.queue.length) return Promise.resolve();
  return run({ action: 'review', label: 'Loading…' }, async () => {
    const card = await server.getConflict(review.queue[index]!);
    return { review: { ...withCard(review, card, index), notice: null } };
  });
}

function decisionInput(review: ReviewState, override?: DecisionInput['decision']): DecisionInput {
  const decision =
    override ??
    (review.strategy.kind === 'merge' ? { kind: 'merge' as const } : { kind: 'pick' as const, candidate: review.strategy.candidate });
  return {
    decision,
    keepJobHistory: review.keepJobHistory,
    candidateKeys: review.card?.candidateKeys ?? '',
    ...(decision.kind === 'merge' ? { merge: review.merge } : {}),
  };
}

/** Decides the conflict in front of the reviewer, then moves on to the next pending one. */
function decide(override?: DecisionInput['decision']): Promise<void> {
  const review = state.review;
  const card = review?.card;
  if (!review || !card || card.status !== 'pending') return Promise.resolve();
  return run({ action: 'review', label: 'Saving the decision…' }, async () => {
    const result = await server.decideConflict(card.phone, decisionInput(review, override));
    if (result.status === 'changed') {
      const fresh = await server.getConflict(card.phone);
      return {
        review: {
          ...withCard(review, fresh, review.index),
          notice: {
            kind: 'info',
            text: `Match ran again and the candidates for ${card.phone} changed: here they are now. Nothing was decided.`,
          },
        },
      };
    }
    const notice: Notice =
      result.status === 'already-decided'
        ? { kind: 'info', text: `${card.phone} was just decided by ${result.by || 'another reviewer'} (${result.decision}); moving on.` }
        : { kind: 'success', text: `Saved: ${result.decision} for ${card.phone}.` };
    return { review: await advance(review, notice) };
  });
}

/** The next conflict still pending after the current one, with fresh counts. */
async function advance(review: ReviewState, notice: Notice | null): Promise<ReviewState> {
  const queue = await server.getReviewQueue();
  const pending = new Set(queue.phones);
  // On to the next pending one, coming round to those passed with Next.
  let next = review.queue.findIndex((p, i) => i > review.index && pending.has(p));
  if (next < 0) next = review.queue.findIndex((p) => pending.has(p));
  const updated = { ...reviewFrom(queue, review), notice };
  if (next < 0) return withCard(updated, null, review.index);
  return withCard(updated, await server.getConflict(review.queue[next]!), next);
}

function previewSimilar(): Promise<void> {
  const review = state.review;
  const card = review?.card;
  if (!review || !card) return Promise.resolve();
  return run({ action: 'review', label: 'Finding similar conflicts…' }, async () => {
    const preview = await server.previewSimilar(card.phone, decisionInput(review));
    return { review: { ...review, preview, notice: null } };
  });
}

function applySimilar(): Promise<void> {
  const review = state.review;
  const card = review?.card;
  if (!review || !card) return Promise.resolve();
  return run({ action: 'review', label: 'Deciding the similar conflicts…' }, async () => {
    const rule = await server.applyToSimilar(card.phone, decisionInput(review));
    return {
      review: await advance(review, {
        kind: 'success',
        text: `Rule ${rule.ruleId} decided ${rule.decided} conflicts: ${rule.description}.`,
      }),
    };
  });
}

function undo(): Promise<void> {
  const review = state.review;
  return run({ action: review ? 'review' : 'apply-decisions', label: 'Undoing…' }, async () => {
    const result = await server.undoLastDecision();
    const notice: Notice = { kind: 'info', text: result.message };
    if (!review) return { reviewNotice: notice };
    const queue = await server.getReviewQueue();
    const phone = result.phones[0];
    let queueOrder = review.queue;
    let index = phone ? queueOrder.indexOf(phone) : review.index;
    if (phone && index < 0) {
      queueOrder = [...queueOrder.slice(0, review.index + 1), phone, ...queueOrder.slice(review.index + 1)];
      index = review.index + 1;
    }
    const updated = { ...reviewFrom(queue, { ...review, queue: queueOrder }), notice };
    return { review: withCard(updated, phone ? await server.getConflict(phone) : review.card, index) };
  });
}

function applyDecisions(): Promise<void> {
  return run({ action: 'apply-decisions', label: 'Applying the decisions in the Conflicts and Unmapped sheets…' }, async () => {
    const s = await server.applyDecisions();
    return {
      reviewNotice: {
        kind: 'success',
        text: `Applied ${s.decided} decisions; ${s.manualContacts} contacts from names typed in Unmapped; ${s.phoneOnly} phone-only.`,
      },
    };
  });
}

function removeRule(ruleId: string): Promise<void> {
  return run({ action: 'apply-decisions', label: 'Removing the rule…' }, async () => {
    const result = await server.removeRule(ruleId);
    return { reviewNotice: { kind: 'info', text: result.message } };
  });
}

function exportUnmapped(): Promise<void> {
  return run({ action: 'export-unmapped', label: 'Preparing the list…' }, async () => {
    const file = await server.exportUnmapped();
    const link = document.createElement('a');
    link.href = `data:text/csv;charset=utf-8,${encodeURIComponent(file.csv)}`;
    link.download = file.fileName;
    link.dataset.testid = 'unmapped-download';
    document.body.appendChild(link);
    link.click();
    link.remove();
    return { reviewNotice: { kind: 'success', text: `Downloaded ${file.fileName} (${file.rows} numbers).` } };
  });
}

function setReview(change: Partial<ReviewState>): void {
  if (state.review) setState({ review: { ...state.review, ...change } });
}

function refresh(): Promise<void> {
  // A push or sync left unfinished (sidebar closed, Cancel, the day's quota) is shown, ready to resume.
  return run({ action: 'refresh', label: 'Loading…' }, async () => ({
    loadError: null,
    pushProgress: await pushStatus(),
    ...(await quickBooksState().catch((e: unknown) => ({ quickBooksNotice: { kind: 'error' as const, text: errorMessage(e) } }))),
  }));
}

/** Where QuickBooks stands; when a connection is wanted, the consent link is made ready. */
async function quickBooksState(): Promise<Partial<SidebarState>> {
  const quickBooks = await server.getQuickBooksStatus();
  if (!quickBooks.configured || quickBooks.connected) return { quickBooks, quickBooksAuthUrl: null, quickBooksWaiting: false };
  return { quickBooks, quickBooksAuthUrl: (await server.connectQuickBooks()).authorizationUrl };
}

/** How often the row looks whether QuickBooks has sent the user back, and for how long. */
const CONNECT_POLL_MS = 3000;
const CONNECT_WAIT_MS = 10 * 60_000;
/** A consent link lives an hour on the server (its state token): a fresh one well before. */
const AUTH_URL_REFRESH_MS = 20 * 60_000;
let connectPoll: number | undefined;

function waitForConnection(): void {
  setState({ quickBooksWaiting: true, quickBooksNotice: null });
  window.clearInterval(connectPoll);
  const until = Date.now() + CONNECT_WAIT_MS;
  connectPoll = window.setInterval(() => {
    if (Date.now() > until) {
      window.clearInterval(connectPoll);
      setState({ quickBooksWaiting: false });
      return;
    }
    void checkConnection(false);
  }, CONNECT_POLL_MS);
}

async function checkConnection(asked: boolean): Promise<void> {
  if (state.busy) return;
  let quickBooks: QuickBooksStatus;
  try {
    quickBooks = await server.getQuickBooksStatus();
  } catch (e) {
    if (asked) setState({ quickBooksNotice: { kind: 'error', text: errorMessage(e) } });
    return;
  }
  if (!quickBooks.connected) {
    if (asked)
      setState({
        quickBooks,
        quickBooksNotice: {
          kind: 'info',
          text: 'QuickBooks has not sent the connection back yet. Finish in the QuickBooks tab, then check again.',
        },
      });
    return;
  }
  window.clearInterval(connectPoll);
  setState({
    quickBooks,
    quickBooksWaiting: false,
    quickBooksAuthUrl: null,
    quickBooksNotice: { kind: 'success', text: 'Connected to QuickBooks. Press Sync to bring in its customers.' },
  });
}

function disconnectQuickBooks(): Promise<void> {
  return run({ action: 'quickbooks', label: 'Disconnecting QuickBooks…' }, async () => {
    await server.disconnectQuickBooks();
    return {
      ...(await quickBooksState()),
      confirmDisconnect: false,
      quickBooksProgress: null,
      quickBooksNotice: { kind: 'info', text: 'Disconnected from QuickBooks. The QuickBooks sheet and every decision on it stay.' },
    };
  });
}

/** Requests per server call: a few seconds each, so the bar moves and Cancel is heard soon. */
const SYNC_CHUNK_REQUESTS = 3;

function syncQuickBooks(): Promise<void> {
  const resume = state.quickBooksProgress ?? state.quickBooks?.sync ?? null;
  const start = !(resume && ['running', 'waiting', 'cancelled', 'failed'].includes(resume.state));
  return run({ action: 'quickbooks-sync', label: 'Syncing QuickBooks…' }, async () => {
    setState({ quickBooksCancelling: false, quickBooksNotice: null });
    let p = await server.syncQuickBooksChunk({ start, maxRequests: SYNC_CHUNK_REQUESTS });
    setState({ quickBooksProgress: p });
    while ((p.state === 'running' || p.state === 'waiting') && !state.quickBooksCancelling) {
      if (p.state === 'waiting') await pause((p.retryAfterSeconds ?? 60) * 1000);
      if (state.quickBooksCancelling) break;
      p = await server.syncQuickBooksChunk({ maxRequests: SYNC_CHUNK_REQUESTS });
      setState({ quickBooksProgress: p });
    }
    if (state.quickBooksCancelling && (p.state === 'running' || p.state === 'waiting')) p = await server.cancelQuickBooksSync();
    const change: Partial<SidebarState> = { ...(await quickBooksState()), quickBooksProgress: p, quickBooksCancelling: false };
    if (p.state === 'done') change.quickBooksNotice = { kind: 'success', ...syncedLine(p) };
    else if (p.state === 'cancelled')
      change.quickBooksNotice = {
        kind: 'info',
        text: 'Sync cancelled; the QuickBooks sheet is as it was before. Resume sync goes on where it stopped.',
      };
    else change.quickBooksNotice = { kind: 'error', text: p.message ?? 'The QuickBooks sync stopped.' };
    return change;
  });
}

/** Waits, in steps, so a Cancel is heard during a long wait QuickBooks asked for. */
async function pause(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !state.quickBooksCancelling) await new Promise((r) => setTimeout(r, Math.min(500, until - Date.now())));
}

function cancelQuickBooksSync(): void {
  if (state.busy?.action !== 'quickbooks-sync' || state.quickBooksCancelling) return;
  setState({ quickBooksCancelling: true });
}

function pushStatus(): Promise<PushProgress | null> {
  return server.getPushStatus().catch(() => state.pushProgress);
}

/** Rows per server call: about ten seconds each, so the bar moves and Cancel is heard soon. */
const PUSH_CHUNK_ROWS = 100;

function planPush(): Promise<void> {
  return run({ action: 'push-plan', label: 'Asking OpenPhone which contacts it already has…' }, async () => ({
    pushPlan: await server.planPush(),
    pushNotice: null,
  }));
}

function startPush(): Promise<void> {
  return run({ action: 'push', label: 'Pushing…' }, async () => {
    setState({ pushCancelling: false, pushNotice: null, verifyNotice: null });
    try {
      let p = await server.pushNextChunk({ start: true, maxRows: PUSH_CHUNK_ROWS });
      setState({ pushProgress: p });
      while (p.state === 'running' && !state.pushCancelling) {
        p = await server.pushNextChunk({ maxRows: PUSH_CHUNK_ROWS });
        setState({ pushProgress: p });
      }
      const change: Partial<SidebarState> = { pushProgress: p, pushCancelling: false, pushPlan: null };
      if (p.state === 'done') {
        change.pushNotice = { kind: 'success', text: `Push finished: ${progressCounts(p)}.` };
        // The figures are read back from OpenPhone itself right away.
        try {
          change.verification = await server.verifyPush();
        } catch (e) {
          change.verifyNotice = { kind: 'error', text: errorMessage(e) };
        }
      } else if (p.state === 'quota' || p.state === 'stopped') change.pushNotice = { kind: 'error', text: p.message };
      else
        change.pushNotice = {
          kind: 'info',
          text: 'Push cancelled after the current batch; nothing is half-written. Resume push goes on where it stopped.',
        };
      return change;
    } catch (e) {
      // What was pushed before the failure is saved: show it with the reason.
      return { pushProgress: await pushStatus(), pushNotice: { kind: 'error', text: errorMessage(e) }, pushCancelling: false };
    }
  });
}

function cancelPush(): void {
  if (state.busy?.action !== 'push' || state.pushCancelling) return;
  setState({ pushCancelling: true });
  server.cancelPush().catch(() => undefined);
}

function verify(): Promise<void> {
  return run({ action: 'verify', label: 'Listing our contacts back from OpenPhone…' }, async () => ({
    verification: await server.verifyPush(),
    verifyNotice: null,
  }));
}

// Delegated listeners: the markup is replaced on every render, the root element is not.
app.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (target instanceof HTMLInputElement && target.id === 'conversations-file') {
    const file = target.files?.[0];
    target.value = '';
    if (file) void importCsv(file);
  } else if (target instanceof HTMLInputElement && target.id === 'source-files') {
    const files = Array.from(target.files ?? []);
    target.value = '';
    if (files.length > 0) void chooseSourceFiles(files);
  } else if (target instanceof HTMLSelectElement && target.dataset.sourceProfile) {
    uploads.setProfile(target.dataset.sourceProfile, target.value);
  } else if (target instanceof HTMLSelectElement && target.dataset.mergeFrom && state.review) {
    const field = target.dataset.mergeFrom as keyof MergeSpec;
    const spec = target.value === 'typed' ? { typed: '' } : { from: Number(target.value) };
    setReview({ merge: { ...state.review.merge, [field]: spec }, preview: null });
  } else if (target instanceof HTMLInputElement && target.dataset.action === 'review-strategy') {
    setReview({
      strategy: target.value === 'merge' ? { kind: 'merge' } : { kind: 'pick', candidate: Number(target.value) },
      preview: null,
    });
  } else if (target instanceof HTMLInputElement && target.dataset.action === 'review-keep-history') {
    setReview({ keepJobHistory: target.checked });
  } else if (target instanceof HTMLSelectElement && target.form?.dataset.action === 'source-mapping') {
    // Kept in the state, so choices survive a re-render caused by another file.
    uploads.setRoles(target.form.dataset.key ?? '', mappingRoles(target.form));
  }
});

app.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLElement>('[data-action]');
  if (!target || target.tagName === 'FORM' || (target as HTMLButtonElement).disabled) return;
  switch (target.dataset.action) {
    case 'push-plan':
      void planPush();
      break;
    case 'quickbooks-connect':
      // The link itself opens QuickBooks in a new tab; this row waits for the way back.
      if (target.getAttribute('aria-disabled') === 'true') event.preventDefault();
      else waitForConnection();
      break;
    case 'quickbooks-check':
      void checkConnection(true);
      break;
    case 'quickbooks-sync':
      void syncQuickBooks();
      break;
    case 'quickbooks-cancel':
      cancelQuickBooksSync();
      break;
    case 'quickbooks-disconnect':
      setState({ confirmDisconnect: true });
      break;
    case 'quickbooks-disconnect-cancel':
      setState({ confirmDisconnect: false });
      break;
    case 'quickbooks-disconnect-confirm':
      void disconnectQuickBooks();
      break;
    case 'push-start':
      void startPush();
      break;
    case 'push-cancel':
      cancelPush();
      break;
    case 'verify':
      void verify();
      break;
    case 'load-openphone':
      void loadFromOpenPhone();
      break;
    case 'clear-key':
      void clearKey();
      break;
    case 'refresh':
      void refresh();
      break;
    case 'run-match':
      void runMatch();
      break;
    case 'open-sheet':
      void openSheet(target.dataset.sheet ?? '');
      break;
    case 'import-sources': {
      const n = uploads.readyCount();
      void sendSources(n === 1 ? 'Importing 1 file…' : `Importing ${n} files…`, () => uploads.importReady());
      break;
    }
    case 'source-replace': {
      const key = target.dataset.key ?? '';
      void sendSources(`Replacing ${fileNameOf(key)}…`, () => uploads.replace(key));
      break;
    }
    case 'source-retry': {
      const key = target.dataset.key ?? '';
      void sendSources(`Importing ${fileNameOf(key)}…`, () => uploads.retry(key));
      break;
    }
    case 'source-keep':
      uploads.keep(target.dataset.key ?? '');
      break;
    case 'source-drop':
      uploads.drop(target.dataset.key ?? '');
      break;
    case 'remove-source':
      setState({ confirmRemove: target.dataset.sourceId ?? null, sourcesNotice: null });
      break;
    case 'remove-source-cancel':
      setState({ confirmRemove: null });
      break;
    case 'remove-source-confirm':
      void removeSource(target.dataset.sourceId ?? '');
      break;
    case 'review-open':
      void openReview();
      break;
    case 'review-close':
      setState({ review: null });
      void refresh();
      break;
    case 'review-pick':
      void decide({ kind: 'pick', candidate: Number(target.dataset.n) });
      break;
    case 'review-apply':
      void decide();
      break;
    case 'review-skip':
      void decide({ kind: 'skip' });
      break;
    case 'review-prev':
      if (state.review) void showConflict(state.review.index - 1);
      break;
    case 'review-next':
      if (state.review) void showConflict(state.review.index + 1);
      break;
    case 'review-undo':
      void undo();
      break;
    case 'review-similar':
      void previewSimilar();
      break;
    case 'review-similar-confirm':
      void applySimilar();
      break;
    case 'review-similar-cancel':
      setReview({ preview: null });
      break;
    case 'apply-decisions':
      void applyDecisions();
      break;
    case 'remove-rule':
      void removeRule(target.dataset.ruleId ?? '');
      break;
    case 'export-unmapped':
      void exportUnmapped();
      break;
  }
});

// Typed merge values live in the state as they are typed, so a re-render keeps them.
app.addEventListener('input', (event) => {
  const target = event.target as HTMLElement;
  if (target instanceof HTMLInputElement && target.dataset.mergeTyped && state.review) {
    const field = target.dataset.mergeTyped as keyof MergeSpec;
    state = { ...state, review: { ...state.review, merge: { ...state.review.merge, [field]: { typed: target.value } } } };
  }
});

/** The review screen's keys: 1–9 use a card, M merge, S skip, ← → move, U undo. */
document.addEventListener('keydown', (event) => {
  const review = state.review;
  if (!review || state.busy || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target as HTMLElement;
  if (t instanceof HTMLInputElement && t.type === 'text') return;
  if (t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
  const key = event.key.toLowerCase();
  const pending = review.card?.status === 'pending';
  if (/^[1-9]$/.test(key) && pending && review.card!.candidates.some((c) => c.n === Number(key)))
    void decide({ kind: 'pick', candidate: Number(key) });
  else if (key === 'm' && pending) setReview({ strategy: { kind: 'merge' }, preview: null });
  else if (key === 's' && pending) void decide({ kind: 'skip' });
  else if (key === 'arrowleft') void showConflict(review.index - 1);
  else if (key === 'arrowright') void showConflict(review.index + 1);
  else if (key === 'u' && review.canUndo) void undo();
  else return;
  event.preventDefault();
});

app.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.dataset.action === 'save-key') {
    event.preventDefault();
    const input = form.elements.namedItem('key') as HTMLInputElement | null;
    void saveKey(input?.value ?? '');
  } else if (form.dataset.action === 'save-reviewer') {
    event.preventDefault();
    const input = form.elements.namedItem('reviewer') as HTMLInputElement | null;
    const name = input?.value ?? '';
    void run({ action: 'apply-decisions', label: 'Saving your name…' }, async () => {
      const dashboard = await server.saveReviewerName(name);
      return { dashboard, reviewNotice: { kind: 'success', text: `Decisions are now logged as ${dashboard.reviewer.name}.` } };
    });
  } else if (form.dataset.action === 'source-mapping') {
    event.preventDefault();
    const key = form.dataset.key ?? '';
    const roles = mappingRoles(form);
    void sendSources(`Importing ${fileNameOf(key)}…`, () => uploads.applyMapping(key, roles));
  }
});

// Remembers whether the user opened or closed the key settings, so a re-render keeps it.
app.addEventListener(
  'toggle',
  (event) => {
    const el = event.target as HTMLElement;
    if (el.id === 'key-settings') state = { ...state, keySettingsOpen: (el as HTMLDetailsElement).open };
  },
  true,
);

render();
void refresh();
window.setInterval(() => {
  if (!state.busy && state.quickBooksAuthUrl && !state.quickBooksWaiting)
    void quickBooksState().then(
      (change) => setState(change),
      () => undefined,
    );
}, AUTH_URL_REFRESH_MS);
