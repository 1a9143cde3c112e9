/**
 * Conflict review on the generated data set: the Sheets calls and time of one decision, one
 * undo and one "apply to all similar" in a workspace with about 500 conflicts (3×), and of
 * accepting every recommendation (`resolve --accept-recommended`) at 1×, 2× and 4×.
 */
import { readSourceFile } from '../src/core/sources/read';
import { createEmulator, newWorkbook, type Emulator } from '../src/local/emulator';
import { importTable } from '../src/local/import-source';
import { serverOf } from '../src/local/server-of';
import { buildDataset } from '../test/fixtures/population';

function matchedWorkspace(scale: number): Emulator {
  const data = buildDataset({ scale, seed: 42 });
  const emulator = createEmulator({ workbook: newWorkbook('bench') });
  for (const [name, text] of Object.entries(data.files)) {
    const result = importTable(emulator, readSourceFile(name, text));
    if ('status' in result) throw new Error(`${name}: ${result.status}`);
  }
  serverOf(emulator).importConversationsCsv('conversations.csv', data.conversationsCsv);
  serverOf(emulator).runMatch();
  return emulator;
}

function measure<T>(emulator: Emulator, work: () => T): { ms: number; calls: number; result: T } {
  emulator.resetStats();
  const t = performance.now();
  const result = work();
  return { ms: Math.round((performance.now() - t) * 10) / 10, calls: emulator.stats.sheets, result };
}

export function runReviewBench(): void {
  const rows: Array<Record<string, string | number>> = [];
  const emulator = matchedWorkspace(3);
  try {
    const server = serverOf(emulator);
    const queue = server.getReviewQueue();
    const [first, second] = queue.phones;
    const card = server.getConflict(first!);
    const one = measure(emulator, () => server.decideConflict(first!, { decision: { kind: 'pick', candidate: card.recommended } }));
    rows.push({ action: 'one decision', conflicts: queue.remaining, 'time (ms)': one.ms, 'Sheets calls': one.calls });
    const undo = measure(emulator, () => server.undoLastDecision());
    rows.push({ action: 'undo it', conflicts: queue.remaining, 'time (ms)': undo.ms, 'Sheets calls': undo.calls });
    const other = server.getConflict(second!);
    let similar;
    try {
      similar = measure(emulator, () => server.applyToSimilar(second!, { decision: { kind: 'pick', candidate: other.recommended } }));
      rows.push({
        action: `apply to all similar (${similar.result.decided} decided)`,
        conflicts: queue.remaining,
        'time (ms)': similar.ms,
        'Sheets calls': similar.calls,
      });
    } catch (e) {
      rows.push({ action: `apply to all similar: ${(e as Error).message}`, conflicts: queue.remaining, 'time (ms)': 0, 'Sheets calls': 0 });
    }
  } finally {
    emulator.dispose();
  }
  for (const scale of [1, 2, 4]) {
    const e = matchedWorkspace(scale);
    try {
      const server = serverOf(e);
      const pending = server.getReport().conflictsPending;
      const all = measure(e, () => server.acceptRecommended());
      rows.push({ action: `accept every recommendation (${scale}×)`, conflicts: pending, 'time (ms)': all.ms, 'Sheets calls': all.calls });
    } finally {
      e.dispose();
    }
  }
  console.log('\nConflict review on the generated data set');
  console.table(rows);
}
