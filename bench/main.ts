import { runFoundationBench } from './foundation';
import { runMatchBench } from './match';
import { runReviewBench } from './review';
import { runPushBench } from './push';
import { runQuickBooksBench } from './quickbooks';
import { runSourceImportBench } from './source-import';
import { runWorkbookFileBench } from './workbook-file';

const only = process.argv[2];
if (!only || only === 'foundation') {
  const rows = await runFoundationBench();
  console.table(
    rows.map((r) => ({
      step: r.step,
      rows: r.rows,
      'time (ms)': Math.round(r.ms * 10) / 10,
      'Sheets calls': r.sheetsCalls,
      note: r.note ?? '',
    })),
  );
}
if (!only || only === 'import') runSourceImportBench();
if (!only || only === 'match') runMatchBench();
if (!only || only === 'review') runReviewBench();
if (!only || only === 'workbook-file') await runWorkbookFileBench();
if (!only || only === 'push') await runPushBench();
if (!only || only === 'quickbooks') await runQuickBooksBench();
