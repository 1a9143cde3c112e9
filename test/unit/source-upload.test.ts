// The chunked upload protocol (src/gas/source-upload.ts) on small fakes of the workbook and the
// document properties: no emulator, just the protocol's promises.
import { describe, expect, it } from 'vitest';
import type { SourceImportStart } from '../../src/core/rpc';
import { importRequest, chunksOf } from '../../src/core/sources/upload';
import { readSourceFile } from '../../src/core/sources/read';
import { appendRows, beginUpload, cancelUpload, finishUpload, removeSource, type UploadServices } from '../../src/gas/source-upload';
import { FakeProperties, FakeWorkbook } from '../fakes/workbook';

const CSV = 'Name,Phone,Email\nAna Silva,617-555-0101,ana@example.com\nBo Chen,617-555-0102,\nCy Diaz,617-555-0103,cy@example.com\n';
const table = (name = 'people.csv', text = CSV) => readSourceFile(name, text);

function services(start = Date.parse('2026-03-01T10:00:00Z')) {
  const workbook = new FakeWorkbook();
  const properties = new FakeProperties();
  let clock = start;
  let ids = 0;
  const s: UploadServices & { advance(ms: number): void } = {
    workbook,
    properties,
    now: () => new Date(clock),
    newId: () => `id${++ids}`,
    advance: (ms) => (clock += ms),
  };
  return { s, workbook, properties };
}

function started(start: SourceImportStart) {
  if (start.status !== 'started') throw new Error(`not started: ${start.status}`);
  return start;
}

describe('the chunked upload', () => {
  it('stages rows in a hidden sheet and makes it a visible sheet and a Sources row only at finish', () => {
    const { s, workbook } = services();
    const t = table();
    const start = started(beginUpload(s, importRequest(t)));
    expect(workbook.sheets.get('~import id1')).toMatchObject({ hidden: true });
    for (const c of chunksOf(t, 2)) appendRows(s, start.importId, c.index, c.rows, c.rowNumbers);
    expect(workbook.sheets.has('people')).toBe(false);
    expect(workbook.sheets.has('Sources')).toBe(false);
    const summary = finishUpload(s, start.importId);
    expect(summary).toMatchObject({ fileName: 'people.csv', sheet: 'people', totalRecords: 3, recordsWithPhone: 3, replaced: false });
    expect(workbook.snapshot().people!.map((r) => r[0])).toEqual(['Name', 'Ana Silva', 'Bo Chen', 'Cy Diaz']);
    const sources = workbook.snapshot().Sources!;
    const col = (name: string) => sources[0]!.indexOf(name);
    expect(sources[1]![col('Profile')]).toBe('csv');
    expect(sources[1]![col('Total Records')]).toBe('3');
    expect([...workbook.sheets.keys()].some((n) => n.startsWith('~'))).toBe(false);
  });

  it('writes a chunk sent twice once, and refuses one that skips ahead', () => {
    const { s, workbook } = services();
    const t = table();
    const start = started(beginUpload(s, importRequest(t)));
    const [a, b] = chunksOf(t, 2);
    appendRows(s, start.importId, 0, a!.rows, a!.rowNumbers);
    expect(appendRows(s, start.importId, 0, a!.rows, a!.rowNumbers)).toMatchObject({ nextChunk: 1, rowsReceived: 2 });
    expect(() => appendRows(s, start.importId, 2, b!.rows, b!.rowNumbers)).toThrow('people.csv: part 3 arrived before part 2');
    appendRows(s, start.importId, 1, b!.rows, b!.rowNumbers);
    finishUpload(s, start.importId);
    expect(workbook.snapshot().people).toHaveLength(4);
  });

  it('a file seen before is a duplicate unless replaced; replacing keeps its Source ID and sheet', () => {
    const { s, workbook } = services();
    const t = table();
    const first = started(beginUpload(s, importRequest(t)));
    appendRows(s, first.importId, 0, t.rows, t.rowNumbers);
    finishUpload(s, first.importId);
    expect(beginUpload(s, importRequest(table('again.csv')))).toMatchObject({
      status: 'duplicate',
      existing: { sourceId: first.sourceId, sheet: 'people' },
    });
    const again = started(beginUpload(s, importRequest(table('again.csv'), { onDuplicate: 'replace' })));
    expect(again).toMatchObject({ sourceId: first.sourceId, sheet: 'people' });
    appendRows(s, again.importId, 0, t.rows.slice(0, 1), t.rowNumbers.slice(0, 1));
    expect(finishUpload(s, again.importId)).toMatchObject({ replaced: true, totalRecords: 1 });
    expect(workbook.snapshot().people).toHaveLength(2);
    expect(workbook.snapshot().Sources).toHaveLength(2);
  });

  it('cancel removes the staging sheet and its state; a later chunk is told the upload is gone', () => {
    const { s, workbook, properties } = services();
    const t = table();
    const start = started(beginUpload(s, importRequest(t)));
    cancelUpload(s, start.importId);
    cancelUpload(s, start.importId);
    expect(workbook.sheets.size).toBe(0);
    expect(Object.keys(properties.store)).toEqual([]);
    expect(() => appendRows(s, start.importId, 0, t.rows, t.rowNumbers)).toThrow('This upload was cancelled or has expired');
  });

  it('removes what an upload abandoned a day ago when the next one begins, and keeps a live one', () => {
    const { s, workbook } = services();
    const abandoned = started(beginUpload(s, importRequest(table('a.csv', CSV))));
    s.advance(25 * 3600 * 1000);
    const live = started(beginUpload(s, importRequest(table('b.csv', CSV.replace('Ana', 'Ann')))));
    started(beginUpload(s, importRequest(table('c.csv', CSV.replace('Bo', 'Bob')))));
    expect(workbook.sheets.has(`~import ${abandoned.importId}`)).toBe(false);
    expect(workbook.sheets.has(`~import ${live.importId}`)).toBe(true);
  });

  it('a header too long to track is refused before anything is written', () => {
    const { s, workbook, properties } = services();
    const header = Array.from({ length: 900 }, (_, i) => `Column number ${i}`);
    const wide = readSourceFile('wide.csv', `${header.join(',')},Phone\n${header.map(() => 'x').join(',')},617-555-0101\n`);
    expect(() => beginUpload(s, importRequest(wide))).toThrow(/wide\.csv: the header row is too long to import \(901 columns\)/);
    expect(workbook.sheets.size).toBe(0);
    expect(Object.keys(properties.store)).toEqual([]);
  });

  it('removing a source removes its sheet and its row together', () => {
    const { s, workbook } = services();
    const t = table();
    const start = started(beginUpload(s, importRequest(t)));
    appendRows(s, start.importId, 0, t.rows, t.rowNumbers);
    finishUpload(s, start.importId);
    removeSource(s, start.sourceId);
    expect(workbook.snapshot()).toEqual({ Sources: [expect.arrayContaining(['Source ID'])] });
    expect(() => removeSource(s, start.sourceId)).toThrow(`There is no source ${start.sourceId}.`);
  });
});
