// The workbook saved as .xlsx and read back: what the command line keeps between runs.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { loadWorkbook, newWorkbook, saveWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator/index';
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
    expect(run(em, `var s = SpreadsheetApp.getActive().getSheetByName('Conversations'); s.getRange('A3').setValue('+16175550999'); [s.getRange('A2:B3').getValues(), s.getLastRow()]`)).toEqual([
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
});

test('document properties belong to the document: they are saved with it — https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()', async () => {
  em = probeEmulator();
  run(em, `var p = PropertiesService.getDocumentProperties(); p.setProperty('cursor', '42'); for (var i = 0; i < 5; i++) p.setProperty('big' + i, new Array(9000).join('x')); null;`);
  expect(em.workbook.documentProperties).toBe(em.properties.document);
  const file = path.join(tempDir(), 'props.xlsx');
  await saveWorkbook(em.workbook, file);
  em.dispose();
  em = probeEmulator({ workbook: await loadWorkbook(file) });
  expect(run(em, `var p = PropertiesService.getDocumentProperties(); [p.getProperty('cursor'), p.getProperty('big4').length, p.getKeys().length]`)).toEqual(['42', 8999, 6]);
});
