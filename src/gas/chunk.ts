/**
 * How long one server call of a long run (a push, a QuickBooks sync) may work: far inside Apps
 * Script's 6-minute limit, with room left for the lock, the sheet writes and one slow answer.
 * https://developers.google.com/apps-script/guides/services/quotas#current_limitations
 */
export const CHUNK_BUDGET_MS = 40_000;

/** A caller may ask for a shorter chunk (tests, the command line), never a longer one. */
export function chunkBudget(asked: number | undefined): number {
  return asked !== undefined && Number.isFinite(asked) ? Math.max(0, Math.min(asked, CHUNK_BUDGET_MS)) : CHUNK_BUDGET_MS;
}
