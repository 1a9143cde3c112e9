/**
 * Saving and loading a workbook of a million cells, the size of a large source import:
 * time, file size and memory for each step.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadWorkbook, saveWorkbook } from '../src/local/emulator';
import type { CellModel, WorkbookModel } from '../src/local/emulator/workbook-model';

const MB = 1024 * 1024;

function bigWorkbook(rows: number, columns: number): WorkbookModel {
  const cells: CellModel[][] = [];
  const header: CellModel[] = [];
  for (let c = 0; c < columns; c++) header.push({ value: `Column ${c + 1}`, numberFormat: '@' });
  cells.push(header);
  for (let r = 1; r <= rows; r++) {
    const row: CellModel[] = [];
    for (let c = 0; c < columns; c++) {
      if (c === 0) row.push({ value: r });
      else if (c === 1) row.push({ value: new Date(Date.UTC(2026, 0, 1 + (r % 365), 12)) });
      else if (c === 2) row.push({ value: r * 2, formula: `=A${r + 1}*2` });
      else row.push({ value: `+1617555${String(r % 10000).padStart(4, '0')} ${c}`, numberFormat: '@' });
    }
    cells.push(row);
  }
  return { title: 'bench', sheets: [{ name: 'Source', hidden: false, frozenRows: 1, cells, rowCount: rows + 1, columnCount: columns }] };
}

export async function runWorkbookFileBench(rows = 50_000, columns = 20): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-workbook-'));
  const file = path.join(dir, 'big.xlsx');
  try {
    const model = bigWorkbook(rows, columns);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let t = performance.now();
    await saveWorkbook(model, file);
    const saveMs = performance.now() - t;
    const savePeak = peak;
    peak = process.memoryUsage().rss;
    t = performance.now();
    const back = await loadWorkbook(file);
    const loadMs = performance.now() - t;
    clearInterval(sampler);
    if (back.sheets[0]!.cells.length !== rows + 1) throw new Error('the loaded workbook lost rows');
    console.log(
      `\nWorkbook file: ${rows.toLocaleString('en-US')} rows × ${columns} columns (${(rows * columns).toLocaleString('en-US')} cells)`,
    );
    console.table({
      'save (ms)': Math.round(saveMs),
      'load (ms)': Math.round(loadMs),
      'file (MB)': Math.round((statSync(file).size / MB) * 10) / 10,
      'RSS growth while saving (MB)': Math.round((savePeak - rss0) / MB),
      'RSS peak while loading (MB)': Math.round(peak / MB),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
