// Source files into their own sheets, through the built add-on in the emulator.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceImportStart, SourceImportSummary } from '../../src/core/rpc';
import { readSourceFile } from '../../src/core/sources/read';
import { chunksOf, importRequest } from '../../src/core/sources/upload';
import { createEmulator, newWorkbook, type Emulator } from '../../src/local/emulator';
import { decodeText } from '../../src/local/text-file';
import { sheet, table, uploadSource } from './workbook';
import { serverOf } from '../../src/local/server-of';

const SAMPLES = 'src/local/demo/samples';
const sample = (name: string) => decodeText(readFileSync(`${SAMPLES}/${name}`));
let emulator: Emulator;
afterEach(() => emulator?.dispose());
const fresh = () => (emulator = createEmulator({ workbook: newWorkbook('t') }));

describe('importing sources', () => {
  it('puts every sample file in its own sheet, verbatim as text, with Record Key and Phones, and a Sources row', () => {
    fresh();
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.csv'));
    for (const f of files) expect(uploadSource(emulator, f, sample(f))).toMatchObject({ fileName: f });
    const sources = table(emulator.workbook, 'Sources');
    expect(sources[0]!.slice(0, 9)).toEqual([
      'Source ID',
      'Source Type',
      'File Name',
      'Sheet',
      'Total Records',
      'Records With Phone',
      'Matched Records',
      'Conflict Records',
      'Uploaded At',
    ]);
    expect(sources.slice(1).map((r) => [r[2], r[1], r[4], r[5]])).toEqual(
      expect.arrayContaining([
        ['propertyradar.csv', 'propertyradar', '3', '2'],
        ['quickbooks-online-customer-contact-list.csv', 'quickbooks', '3', '2'],
        ['openphone-contacts.csv', 'openphone', '3', '3'],
        ['google-contacts.csv', 'csv', '3', '3'],
      ]),
    );
    const pr = sheet(emulator.workbook, 'propertyradar');
    const values = table(emulator.workbook, 'propertyradar');
    expect(values[0]!.slice(-2)).toEqual(['Record Key', 'Phones']);
    expect(values[1]![5]).toBe('02169');
    expect(values[1]!.at(-1)).toBe('+16175550101, +16175550102, +16175550103');
    // Stored as text, not coerced: the ZIP keeps its zero and the phone its plus.
    expect(pr.cells[1]![5]).toMatchObject({ value: '02169', numberFormat: '@' });
    expect(pr.cells[1]![23]).toMatchObject({ value: '+16175550103' });
    expect(values).toHaveLength(4);
    expect(pr.frozenRows).toBe(1);
    expect(emulator.workbook.sheets.some((s) => s.name.startsWith('~'))).toBe(false);
  });

  it('recognises the same file imported again: keep changes nothing, replace keeps the Source ID and never doubles records', () => {
    fresh();
    const first = uploadSource(emulator, 'pr.csv', sample('propertyradar.csv')) as SourceImportSummary;
    const again = uploadSource(emulator, 'pr-copy.csv', sample('propertyradar.csv')) as SourceImportStart;
    expect(again).toMatchObject({ status: 'duplicate', existing: { sourceId: first.sourceId, sheet: 'pr' } });
    const replaced = uploadSource(emulator, 'pr.csv', sample('propertyradar.csv'), { onDuplicate: 'replace' }) as SourceImportSummary;
    expect(replaced).toMatchObject({ sourceId: first.sourceId, sheet: 'pr', replaced: true, totalRecords: 3 });
    expect(table(emulator.workbook, 'Sources')).toHaveLength(2);
    expect(table(emulator.workbook, 'pr')).toHaveLength(4);
  });

  it('writes a retried chunk once, and refuses chunks out of order', () => {
    fresh();
    const t = readSourceFile('pr.csv', sample('propertyradar.csv'));
    const start = serverOf(emulator).beginSourceImport(importRequest(t));
    if (start.status !== 'started') throw new Error('not started');
    const [a, b] = chunksOf(t, 2);
    serverOf(emulator).appendSourceRows(start.importId, 0, a!.rows, a!.rowNumbers);
    serverOf(emulator).appendSourceRows(start.importId, 0, a!.rows, a!.rowNumbers); // the answer was lost; the sidebar retries
    expect(() => serverOf(emulator).appendSourceRows(start.importId, 5, b!.rows, b!.rowNumbers)).toThrow(/part 6 arrived before part 2/);
    serverOf(emulator).appendSourceRows(start.importId, 1, b!.rows, b!.rowNumbers);
    const summary = serverOf(emulator).finishSourceImport(start.importId);
    expect(summary.totalRecords).toBe(3);
    expect(table(emulator.workbook, 'pr')).toHaveLength(4);
  });

  it('leaves no visible sheet and no Sources row for an upload that was cut off', () => {
    fresh();
    const t = readSourceFile('pr.csv', sample('propertyradar.csv'));
    const start = serverOf(emulator).beginSourceImport(importRequest(t));
    if (start.status !== 'started') throw new Error('not started');
    const [a] = chunksOf(t, 2);
    serverOf(emulator).appendSourceRows(start.importId, 0, a!.rows, a!.rowNumbers);
    const visible = () => emulator.workbook.sheets.filter((s) => !s.hidden).map((s) => s.name);
    expect(visible()).not.toContain('pr');
    expect(emulator.workbook.sheets.find((s) => s.name === 'Sources')).toBeUndefined();
    serverOf(emulator).cancelSourceImport(start.importId);
    expect(emulator.workbook.sheets.some((s) => s.name.startsWith('~import'))).toBe(false);
  });

  it('stores formulas, signs and markup as inert text', () => {
    fresh();
    const csv = 'Name,Phone,Notes\n"<script>alert(1)</script>",617-555-0101,=HYPERLINK("http://x")\n@SUM(A1),+16175550102,-1+2\n';
    uploadSource(emulator, 'bad.csv', csv);
    const s = sheet(emulator.workbook, 'bad');
    expect(s.cells[1]!.slice(0, 3).map((c) => c.value)).toEqual(['<script>alert(1)</script>', '617-555-0101', '=HYPERLINK("http://x")']);
    expect(s.cells[2]!.slice(0, 3).map((c) => c.value)).toEqual(['@SUM(A1)', '+16175550102', '-1+2']);
    expect(s.cells.flat().every((c) => c.formula === undefined)).toBe(true);
  });

  it('asks for a column mapping when no phone column is found, and remembers it for that header', () => {
    fresh();
    const csv = 'Client,Reach me at\nAnn Lee,617-555-0101\n';
    const t = readSourceFile('odd.csv', csv);
    const first = serverOf(emulator).beginSourceImport(importRequest(t));
    expect(first).toMatchObject({ status: 'needs-mapping', header: ['Client', 'Reach me at'] });
    const mapped = serverOf(emulator).beginSourceImport(importRequest(t, { mapping: { name: 0, phones: [1], emails: [], address: [] } }));
    expect(mapped.status).toBe('started');
    serverOf(emulator).cancelSourceImport((mapped as { importId: string }).importId);
    const other = readSourceFile('odd-2.csv', 'Client,Reach me at\nBo Diaz,617-555-0102\n');
    const summary = uploadSource(emulator, 'odd-2.csv', 'Client,Reach me at\nBo Diaz,617-555-0102\n') as SourceImportSummary;
    expect(other.profile.id).toBe('csv');
    expect(summary).toMatchObject({ totalRecords: 1, recordsWithPhone: 1 });
  });

  it('removes a source with its sheet and its Sources row', () => {
    fresh();
    const a = uploadSource(emulator, 'pr.csv', sample('propertyradar.csv')) as SourceImportSummary;
    uploadSource(emulator, 'op.csv', sample('openphone-contacts.csv'));
    serverOf(emulator).removeSource(a.sourceId);
    expect(emulator.workbook.sheets.map((s) => s.name)).not.toContain('pr');
    expect(table(emulator.workbook, 'Sources').map((r) => r[2])).toEqual(['File Name', 'op.csv']);
  });

  it('refuses a file that would not fit in a spreadsheet before writing anything', () => {
    fresh();
    const t = readSourceFile('big.csv', sample('propertyradar.csv'));
    const request = { ...importRequest(t), totalRows: 400_000 };
    expect(() => serverOf(emulator).beginSourceImport(request)).toThrow(
      /big\.csv: .* cells would take the spreadsheet past Google Sheets' limit/,
    );
    expect(emulator.workbook.sheets.some((s) => s.name.startsWith('~'))).toBe(false);
  });
});
