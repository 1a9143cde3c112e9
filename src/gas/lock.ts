/**
 * The one lock: every server call that changes the workbook runs inside withDocumentLock, so two
 * sidebars (or a sidebar and a menu item) never interleave their writes. google.script.run
 * calls may arrive together and in any order; the lock puts them in a line.
 */
import { UserError } from '../core/errors';
import { recoverSheetTransaction } from './sheet-transaction';
import { activeWorkbook } from './workbook';

/**
 * How long a call waits for another to finish. Import chunks take seconds; a call that finds
 * the workbook busy for longer says so rather than leave the sidebar hanging.
 */
export const LOCK_WAIT_MS = 10_000;
const HOLDER_KEY = 'documentLock.holder';

/**
 * Runs `work` holding the document lock. A transaction an earlier execution left unfinished is
 * completed (or undone) first, so `work` always starts from a consistent workbook. Pending
 * spreadsheet changes are flushed before the lock is released, as the LockService reference
 * asks.
 */
export function withDocumentLock<T>(action: string, work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) throw new UserError(busyMessage(action));
  try {
    noteHolder(action);
    recoverSheetTransaction(activeWorkbook(), PropertiesService.getDocumentProperties());
    return work();
  } finally {
    SpreadsheetApp.flush();
    CacheService.getDocumentCache()?.remove(HOLDER_KEY);
    lock.releaseLock();
  }
}

/** Who holds the lock is only a courtesy for the message: the cache may forget it. */
function noteHolder(action: string): void {
  CacheService.getDocumentCache()?.put(HOLDER_KEY, JSON.stringify({ action, since: Date.now() }), 600);
}

function busyMessage(action: string): string {
  const raw = CacheService.getDocumentCache()?.get(HOLDER_KEY);
  let holder = '';
  if (raw) {
    try {
      const h = JSON.parse(raw) as { action: string; since: number };
      holder = ` (${h.action}, started ${Math.max(1, Math.round((Date.now() - h.since) / 1000))} s ago)`;
    } catch {
      holder = '';
    }
  }
  return `Could not ${action}: another step is still running in this spreadsheet${holder}. Try again when it has finished.`;
}
