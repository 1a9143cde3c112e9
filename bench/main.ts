import { runFoundationBench } from './foundation';
import { runSourceImportBench } from './source-import';

const rows = await runFoundationBench();
console.table(
  rows.map((r) => ({ step: r.step, rows: r.rows, 'time (ms)': Math.round(r.ms * 10) / 10, 'Sheets calls': r.sheetsCalls, note: r.note ?? '' })),
);
runSourceImportBench();
