/**
 * A large PropertyRadar export through the sidebar's path: read and chunked in the client,
 * each chunk one server call. Prints rows/s on the server side and Sheets calls per chunk.
 */
import { readSourceFile } from '../src/core/sources/read';
import { chunksOf, importRequest } from '../src/core/sources/upload';
import { createEmulator, newWorkbook } from '../src/local/emulator';
import { propertyRadarCsv } from '../test/fixtures/propertyradar';
import { serverOf } from '../src/local/server-of';

export function runSourceImportBench(rows = 15_000): void {
  const text = propertyRadarCsv(rows, 11);
  let t = performance.now();
  const table = readSourceFile('propertyradar-15k.csv', text);
  const readMs = performance.now() - t;
  const emulator = createEmulator({ workbook: newWorkbook('bench') });
  try {
    t = performance.now();
    const start = serverOf(emulator).beginSourceImport(importRequest(table));
    if (start.status !== 'started') throw new Error(`import did not start: ${start.status}`);
    const perChunk: Array<{ ms: number; calls: number; writes: number }> = [];
    for (const chunk of chunksOf(table, start.chunkRows)) {
      emulator.resetStats();
      const c0 = performance.now();
      serverOf(emulator).appendSourceRows(start.importId, chunk.index, chunk.rows, chunk.rowNumbers);
      perChunk.push({
        ms: performance.now() - c0,
        calls: emulator.stats.sheets,
        writes: emulator.stats.sheetsByMethod['Range.setValues'] ?? 0,
      });
    }
    emulator.resetStats();
    serverOf(emulator).finishSourceImport(start.importId);
    const finishCalls = emulator.stats.sheets;
    const totalMs = performance.now() - t;
    const serverMs = perChunk.reduce((a, c) => a + c.ms, 0);
    console.log(`\nSource import: ${table.rows.length} PropertyRadar rows (${text.length.toLocaleString('en-US')} characters)`);
    console.table({
      'client read + detect (ms)': Math.round(readMs),
      chunks: perChunk.length,
      'rows per chunk': start.chunkRows,
      'slowest chunk (ms)': Math.round(Math.max(...perChunk.map((c) => c.ms))),
      'server rows/s': Math.round(table.rows.length / (serverMs / 1000)),
      'Sheets calls per chunk': [...new Set(perChunk.map((c) => c.calls))].join('/'),
      'setValues per chunk': [...new Set(perChunk.map((c) => c.writes))].join('/'),
      'Sheets calls to finish': finishCalls,
      'total (ms)': Math.round(totalMs),
    });
  } finally {
    emulator.dispose();
  }
}
