// The workbook saved as .xlsx and read back: what the command line keeps between runs.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { loadWorkbook, newWorkbook, saveWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator/index';
import type { CellModel } from '../../src/local/emulator/workbook-model';
import { probeEmulator, run } from './helpers';

let em: Emulator | undefined;
afterEach(() => em?.dispose());

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'workbook-file-'));

function sample(): WorkbookModel {
  em = probeEmulator();
  run(
    em,
    `var ss = SpreadsheetApp.getActive(); var s = ss.getSheets()[0]; s.setName('Conversations');
     var r = s.getRange(1, 1, 3, 3); r.setNumberFormat('@');
     r.setValues([['Phone', 'ZIP', 'Formula text'], ['+16175550123', '02134', '=1+1'], ['', '', '']]);
     s.getRange('D2').setValue(42); s.getRange('E2').setValue('=2*3'); s.getRange('F2').setValue(true); s.getRange('G2').setValue('1/2/2026');
     s.setFrozenRows(1);
     var h = ss.insertSheet('quickbooks-online-customer-contact-list.csv'); h.getRange('A1').setValue('x'); h.hideSheet();
     s.getRange('H2').setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['pending', 'resolved']).setAllowInvalid(false).build());
     null`,
  );
  return em.workbook;
}

describe('xlsx round trip', () => {
  test('text stays text with @, numbers stay numbers, formulas, dates, hidden and frozen state, long sheet names', async () => {
    const model = sample();
    const file = path.join(tempDir(), 'book.xlsx');
    await saveWorkbook(model, file);
    const back = await loadWorkbook(file);
    expect(back.title).toBe(model.title);
    expect(back.sheets.map((s) => [s.name, s.hidden, s.frozenRows])).toEqual([
      ['Conversations', false, 1],
      ['quickbooks-online-customer-contact-list.csv', true, 0],
    ]);
    const row = back.sheets[0]!.cells[1]!;
    expect(row[0]).toEqual({ value: '+16175550123', numberFormat: '@' });
    expect(row[1]).toEqual({ value: '02134', numberFormat: '@' });
    expect(row[2]).toEqual({ value: '=1+1', numberFormat: '@' });
    expect(row[3]).toEqual({ value: 42 });
    expect(row[4]).toEqual({ value: 6, formula: '=2*3' });
    expect(row[5]).toEqual({ value: true });
    expect((row[6]!.value as Date).toISOString()).toBe('2026-01-02T05:00:00.000Z');
    expect(row[7]!.validation).toMatchObject({ criteria: 'VALUE_IN_LIST', values: ['pending', 'resolved'], allowInvalid: false });
    // An empty cell formatted as text keeps its format for later writes.
    expect(back.sheets[0]!.cells[2]![0]).toEqual({ value: '', numberFormat: '@' });
  });

  test('another spreadsheet program reads the values and the text format', async () => {
    const file = path.join(tempDir(), 'plain.xlsx');
    await saveWorkbook(sample(), file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Conversations')!;
    expect(ws.getCell('A2').value).toBe('+16175550123');
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(ws.getCell('D2').value).toBe(42);
  });

  test('a loaded workbook runs in the emulator like the saved one', async () => {
    const file = path.join(tempDir(), 'again.xlsx');
    await saveWorkbook(sample(), file);
    em?.dispose();
    em = probeEmulator({ workbook: await loadWorkbook(file) });
    expect(
      run(
        em,
        `var s = SpreadsheetApp.getActive().getSheetByName('Conversations'); s.getRange('A3').setValue('+16175550999'); [s.getRange('A2:B3').getValues(), s.getLastRow()]`,
      ),
    ).toEqual([
      [
        ['+16175550123', '02134'],
        ['+16175550999', ''],
      ],
      3,
    ]);
  });
});

describe('loading', () => {
  test('a missing file is a new workbook named after it', async () => {
    const model = await loadWorkbook(path.join(tempDir(), 'fresh.xlsx'));
    expect(model).toEqual(newWorkbook('fresh'));
  });

  test('a file that is not an xlsx gives an error naming the file', async () => {
    const file = path.join(tempDir(), 'broken.xlsx');
    writeFileSync(file, 'Phone,Name\n+1617,Ann\n');
    await expect(loadWorkbook(file)).rejects.toThrow(file);
  });
});

describe('atomic save', () => {
  test('no temporary file is left beside the workbook', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'book.xlsx');
    await saveWorkbook(newWorkbook('a'), file);
    await saveWorkbook(sample(), file);
    expect(readdirSync(dir)).toEqual(['book.xlsx']);
  });

  test('a failed write leaves the previous workbook intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'book.xlsx');
    await saveWorkbook(sample(), file);
    const before = readFileSync(file);
    // The temporary file cannot be created: a folder already has its name.
    mkdirSync(`${file}.${process.pid}.tmp`);
    const changed = newWorkbook('changed');
    await expect(saveWorkbook(changed, file)).rejects.toThrow();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect((await loadWorkbook(file)).sheets[0]!.name).toBe('Conversations');
    expect(existsSync(file)).toBe(true);
  });

  test('a failure halfway through a sheet rejects the save and leaves the previous workbook intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'book.xlsx');
    await saveWorkbook(sample(), file);
    const before = readFileSync(file);
    const cells: CellModel[][] = [];
    for (let r = 0; r < 40_000; r++) cells.push([{ value: `row ${r} ${'x'.repeat(40)}` }]);
    // Far enough down that the first part of the sheet is already in the file.
    Object.defineProperty(cells, 30_000, {
      get() {
        throw new Error('cell unreadable');
      },
    });
    const broken: WorkbookModel = { title: 'broken', sheets: [{ name: 'S', hidden: false, frozenRows: 0, cells }] };
    await expect(saveWorkbook(broken, file)).rejects.toThrow('cell unreadable');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['book.xlsx']);
  });
});

test('document properties belong to the document: they are saved with it — https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()', async () => {
  em = probeEmulator();
  run(
    em,
    `var p = PropertiesService.getDocumentProperties(); p.setProperty('cursor', '42'); for (var i = 0; i < 5; i++) p.setProperty('big' + i, new Array(9000).join('x')); null;`,
  );
  expect(em.workbook.documentProperties).toBe(em.properties.document);
  const file = path.join(tempDir(), 'props.xlsx');
  await saveWorkbook(em.workbook, file);
  em.dispose();
  em = probeEmulator({ workbook: await loadWorkbook(file) });
  expect(
    run(
      em,
      `var p = PropertiesService.getDocumentProperties(); [p.getProperty('cursor'), p.getProperty('big4').length, p.getKeys().length]`,
    ),
  ).toEqual(['42', 8999, 6]);
});

describe('large workbooks', () => {
  test('50,000 rows round-trip with their values, formats, formulas, dates and a column-wide rule', async () => {
    const rows = 50_000;
    const rule = { criteria: 'VALUE_IN_LIST', values: ['pending', 'resolved'], showDropdown: true, allowInvalid: false };
    const cells: CellModel[][] = [
      [{ value: 'Phone', numberFormat: '@' }, { value: 'Amount' }, { value: 'Double' }, { value: 'When' }, { value: 'Status' }],
    ];
    for (let r = 1; r <= rows; r++) {
      cells.push([
        { value: `+1617555${String(r % 10000).padStart(4, '0')}`, numberFormat: '@' },
        { value: r / 4, numberFormat: '0.00' },
        { value: r / 2, formula: `=B${r + 1}*2` },
        { value: new Date(Date.UTC(2026, 0, 1 + (r % 365), 15, 30)) },
        { value: r % 3 ? 'pending' : '', validation: { ...rule, values: [...rule.values] } },
      ]);
    }
    const model: WorkbookModel = {
      title: 'big',
      sheets: [{ name: 'Source', hidden: false, frozenRows: 1, cells, id: 7, rowCount: rows + 1, columnCount: 5 }],
    };
    const file = path.join(tempDir(), 'big.xlsx');
    await saveWorkbook(model, file);
    const back = await loadWorkbook(file);
    const sheet = back.sheets[0]!;
    expect([sheet.name, sheet.id, sheet.frozenRows, sheet.cells.length]).toEqual(['Source', 7, 1, rows + 1]);
    for (const r of [1, 2, 3, 9_999, 25_000, rows]) {
      const row = sheet.cells[r]!;
      expect(row[0]).toEqual({ value: `+1617555${String(r % 10000).padStart(4, '0')}`, numberFormat: '@' });
      expect(row[1]).toEqual({ value: r / 4, numberFormat: '0.00' });
      expect(row[2]).toEqual({ value: r / 2, formula: `=B${r + 1}*2` });
      expect((row[3]!.value as Date).toISOString()).toBe(new Date(Date.UTC(2026, 0, 1 + (r % 365), 15, 30)).toISOString());
      expect(row[4]).toEqual({ value: r % 3 ? 'pending' : '', validation: rule });
    }
  });

  test('text XML cannot hold as such reads back unchanged, in this loader and in another program', async () => {
    const tricky = [
      'a & b < c > d "q"',
      '  padded  ',
      'line\nbreak',
      'cr\r\nlf',
      'bell\u0007',
      '_x0041_ literal',
      'émoji 📞',
      '=not a formula',
      '#N/A',
    ];
    const model: WorkbookModel = {
      title: 'T & <co>',
      sheets: [
        { name: 'Odd: name/with*chars?', hidden: false, frozenRows: 0, cells: [tricky.map((value) => ({ value, numberFormat: '@' }))] },
      ],
    };
    const file = path.join(tempDir(), 'tricky.xlsx');
    await saveWorkbook(model, file);
    const back = await loadWorkbook(file);
    expect(back.title).toBe('T & <co>');
    expect(back.sheets[0]!.name).toBe('Odd: name/with*chars?');
    expect(back.sheets[0]!.cells[0]!.map((c) => c.value)).toEqual(tricky);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    expect(ws.getCell('A1').value).toBe(tricky[0]);
    expect(ws.getCell('G1').value).toBe(tricky[6]);
  });

  test('a workbook saved by another program still loads', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Contacts');
    ws.getCell('A1').value = 'Phone';
    ws.getCell('A2').value = '+16175550123';
    ws.getCell('A2').numFmt = '@';
    ws.getCell('B2').value = 3;
    const file = path.join(tempDir(), 'other.xlsx');
    await wb.xlsx.writeFile(file);
    const back = await loadWorkbook(file);
    expect(back.sheets[0]!.name).toBe('Contacts');
    expect(back.sheets[0]!.cells[1]).toEqual([{ value: '+16175550123', numberFormat: '@' }, { value: 3 }]);
  });
});
