// Fidelity of the emulated SpreadsheetApp; each test names the reference page it follows.
import { afterEach, describe, expect, test } from 'vitest';
import { displayValues, type Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run } from './helpers';

let em: Emulator;
afterEach(() => em?.dispose());

const SHEET = 'SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]';

describe('Range values', () => {
  test("setValues needs exactly the range dimensions, with Apps Script's message — https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)", () => {
    em = probeEmulator();
    expect(() => run(em, `${SHEET}.getRange(1, 1, 3, 2).setValues([['a','b'],['c','d']])`)).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
    expect(() => run(em, `${SHEET}.getRange(1, 1, 2, 2).setValues([['a','b'],['c']])`)).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    // A failed write changes nothing.
    expect(run(em, `${SHEET}.getLastRow()`)).toBe(0);
  });

  test('setValues parses typed text unless the cells are formatted @ first — https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String)', () => {
    em = probeEmulator();
    const values = run(
      em,
      `
      var s = ${SHEET};
      s.getRange(1, 1, 1, 3).setValues([['+16175550123', '02134', '=1+1']]);
      s.getRange(2, 1, 1, 3).setNumberFormat('@').setValues([['+16175550123', '02134', '=1+1']]);
      [s.getRange(1, 1, 2, 3).getValues(), s.getRange(1, 1, 2, 3).getFormulas()]`,
    );
    expect(values).toEqual([
      [
        [16175550123, 2134, 2],
        ['+16175550123', '02134', '=1+1'],
      ],
      [
        ['', '', '=1+1'],
        ['', '', ''],
      ],
    ]);
  });

  test('@ set after a value is already a number does not bring back the typed text — https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String)', () => {
    em = probeEmulator();
    const v = run(em, `var r = ${SHEET}.getRange('A1'); r.setValue('02134'); r.setNumberFormat('@'); [r.getValue(), r.getNumberFormat()]`);
    expect(v).toEqual([2134, '@']);
  });

  test('a leading apostrophe forces text and is not returned — https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()', () => {
    em = probeEmulator();
    expect(run(em, `var r = ${SHEET}.getRange('B2'); r.setValue("'0123"); [r.getValue(), r.getDisplayValue()]`)).toEqual(['0123', '0123']);
  });

  test('getValues gives "" for empty cells and JS types for the rest; dates come back as Dates of the script realm — https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()', () => {
    em = probeEmulator();
    const v = run(
      em,
      `
      var s = ${SHEET};
      s.getRange('A1:C1').setValues([[1, true, '1/2/2026']]);
      var vals = s.getRange('A1:D2').getValues();
      var d = vals[0][2]; vals[0][2] = 'date';
      [vals, vals instanceof Array, d instanceof Date, d.toISOString()]`,
    );
    const [vals, isArray, isDate, iso] = v as [unknown[][], boolean, boolean, string];
    expect(vals[1]).toEqual(['', '', '', '']);
    expect(vals[0]!.slice(0, 2)).toEqual([1, true]);
    expect(vals[0]![3]).toBe('');
    expect([isArray, isDate, iso]).toEqual([true, true, '2026-01-02T05:00:00.000Z']);
  });

  test('setValue on a several-cell range fills every cell; getValue reads the top-left — https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)', () => {
    em = probeEmulator();
    expect(run(em, `var r = ${SHEET}.getRange(2, 2, 2, 2); r.setValue('x'); [r.getValues(), r.getValue()]`)).toEqual([
      [
        ['x', 'x'],
        ['x', 'x'],
      ],
      'x',
    ]);
  });

  test('getDisplayValues shows what the user sees — https://developers.google.com/apps-script/reference/spreadsheet/range#getDisplayValues()', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; s.getRange('A1:D1').setValues([[16175550123, false, '2026-01-02', '=1/0']]); s.getRange('A1:D1').getDisplayValues()`,
    );
    expect(v).toEqual([['16175550123', 'FALSE', '2026-01-02', '#DIV/0!']]);
    expect(displayValues(em.workbook.sheets[0]!)).toEqual([['16175550123', 'FALSE', '2026-01-02', '#DIV/0!']]);
  });
});

describe('Range and Sheet geometry', () => {
  test('coordinates below 1 throw as in Apps Script — https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)', () => {
    em = probeEmulator();
    expect(() => run(em, `${SHEET}.getRange(0, 1)`)).toThrow('The starting row of the range is too small.');
    expect(() => run(em, `${SHEET}.getRange(1, 0)`)).toThrow('The starting column of the range is too small.');
    expect(() => run(em, `${SHEET}.getRange(1, 1, 0, 1)`)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => run(em, `${SHEET}.getRange(1, 1, 1, 0)`)).toThrow('The number of columns in the range must be at least 1.');
    expect(() => run(em, `${SHEET}.getRange('not a range!!')`)).toThrow('Range not found');
  });

  test('A1 notation in and out — https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(String)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; var r = s.getRange('B2:D5');
      [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns(), r.getA1Notation(), s.insertColumnsAfter(26, 2).getRange(3, 27, 2, 2).getA1Notation(),
       s.getRange('A:B').getNumRows(), r.offset(1, 1).getA1Notation(), r.offset(0, 0, 1, 1).getA1Notation(), r.getSheet().getName()]`,
    );
    expect(v).toEqual([2, 2, 4, 3, 'B2:D5', 'AA3:AB4', 1000, 'C3:E6', 'B2', 'Sheet1']);
  });

  test('getDataRange, getLastRow/Column follow content; the grid starts at 1000 × 26 and grows by inserting rows and columns — https://developers.google.com/apps-script/reference/spreadsheet/sheet#getDataRange()', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; var empty = [s.getLastRow(), s.getLastColumn(), s.getDataRange().getA1Notation(), s.getMaxRows(), s.getMaxColumns()];
      s.insertRowsAfter(1000, 1000).insertColumnsAfter(26, 4);
      s.getRange(1200, 30).setValue('far');
      s.getRange(1, 1, 2000, 1).setNumberFormat('@');
      empty.concat([s.getLastRow(), s.getLastColumn(), s.getDataRange().getA1Notation(), s.getMaxRows(), s.getMaxColumns()])`,
    );
    expect(v).toEqual([0, 0, 'A1', 1000, 26, 1200, 30, 'A1:AD1200', 2000, 30]);
  });

  test('appendRow writes after the last row with content — https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; s.getRange('A1').setValue('h'); s.appendRow(['a', '007']); s.appendRow(['b']); s.getDataRange().getValues()`,
    );
    expect(v).toEqual([
      ['h', ''],
      ['a', 7],
      ['b', ''],
    ]);
  });

  test('deleteRows and insertRowsAfter shift rows — https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; s.getRange('A1:A4').setValues([['1'],['2'],['3'],['4']]);
      s.deleteRows(2, 2); s.insertRowsAfter(1, 1); [s.getRange('A1:A4').getValues(), s.getMaxRows()]`,
    );
    expect(v).toEqual([[[1], [''], [4], ['']], 999]);
    expect(() => run(em, `${SHEET}.deleteRows(1, 999)`)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    expect(() => run(em, `${SHEET}.deleteRow(5000)`)).toThrow('Those rows are out of bounds.');
  });

  test('clear and clearContent — https://developers.google.com/apps-script/reference/spreadsheet/range#clear()', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; var r = s.getRange('A1:B1'); r.setNumberFormat('@').setValues([['x', '=1+1']]);
      r.clearContent(); var a = [r.getValues(), r.getFormulas(), r.getNumberFormat()];
      r.setValue('y'); s.clear(); a.concat([r.getValues(), r.getNumberFormat(), s.getLastRow()])`,
    );
    expect(v).toEqual([[['', '']], [['', '']], '@', [['', '']], 'General', 0]);
  });

  test('frozen rows and hidden sheets; the last visible sheet cannot be hidden — https://developers.google.com/apps-script/reference/spreadsheet/sheet#hideSheet()', () => {
    em = probeEmulator();
    expect(
      run(
        em,
        `var s = ${SHEET}; s.setFrozenRows(1); var t = SpreadsheetApp.getActive().insertSheet('Log'); t.hideSheet(); [s.getFrozenRows(), t.isSheetHidden()]`,
      ),
    ).toEqual([1, true]);
    expect(em.workbook.sheets.map((s) => [s.name, s.hidden, s.frozenRows])).toEqual([
      ['Sheet1', false, 1],
      ['Log', true, 0],
    ]);
    expect(() => run(em, `${SHEET}.hideSheet()`)).toThrow("You can't hide all the sheets in a document.");
  });
});

describe('Spreadsheet', () => {
  test('insertSheet refuses an existing name; getSheetByName gives null when missing — https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet(String)', () => {
    em = probeEmulator();
    expect(
      run(
        em,
        `var ss = SpreadsheetApp.getActiveSpreadsheet(); ss.insertSheet('Contacts'); ss.insertSheet('First', 0);
      [ss.getSheets().map(function (s) { return s.getName(); }), ss.getSheetByName('Nope'), ss.getActiveSheet().getName()]`,
      ),
    ).toEqual([['First', 'Sheet1', 'Contacts'], null, 'First']);
    expect(() => run(em, `SpreadsheetApp.getActive().insertSheet('contacts')`)).toThrow(
      'A sheet with the name "contacts" already exists. Please enter another name.',
    );
  });

  test('activate returns the sheet and makes it the active sheet of later executions too — https://developers.google.com/apps-script/reference/spreadsheet/sheet#activate()', () => {
    em = probeEmulator();
    expect(
      run(
        em,
        `var ss = SpreadsheetApp.getActive(); ss.insertSheet('Conflicts'); ss.insertSheet('Unmapped');
      var s = ss.getSheetByName('Conflicts'); [s.activate() === s, ss.getActiveSheet().getName()]`,
      ),
    ).toEqual([true, 'Conflicts']);
    expect(run(em, `SpreadsheetApp.getActiveSheet().getName()`)).toBe('Conflicts');
    expect(em.activeSheetName()).toBe('Conflicts');
    // The user clicking a tab, between executions.
    em.selectSheet('Unmapped');
    expect(run(em, `SpreadsheetApp.getActiveSpreadsheet().getActiveSheet().getName()`)).toBe('Unmapped');
    expect(() => em.selectSheet('Nope')).toThrow('no sheet named "Nope"');
  });

  test('deleteSheet removes it; the last sheet cannot go — https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#deleteSheet(Sheet)', () => {
    em = probeEmulator();
    run(em, `var ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.insertSheet('Tmp'))`);
    expect(em.workbook.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(() => run(em, `var ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.getSheets()[0])`)).toThrow(
      "You can't remove all the visible sheets in a document.",
    );
  });

  test('toast is recorded with its title — https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#toast(String,String,Number)', () => {
    em = probeEmulator();
    run(em, `SpreadsheetApp.getActive().toast('Imported 3 rows', 'Contact Enrichment', -1)`);
    expect(em.ui.toasts).toEqual([{ message: 'Imported 3 rows', title: 'Contact Enrichment' }]);
  });

  test('data validation: list rules are stored and a rejecting rule refuses other values — https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder#requireValueInList(String,Boolean)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var r = ${SHEET}.getRange('C2:C3');
      var rule = SpreadsheetApp.newDataValidation().requireValueInList(['pending', 'resolved'], true).setAllowInvalid(false).build();
      r.setDataValidation(rule); r.setValues([['pending'], ['']]);
      var got = r.getDataValidation();
      [got.getCriteriaType(), got.getCriteriaValues(), got.getAllowInvalid(), SpreadsheetApp.newDataValidation().requireValueInList(['a']).build().getAllowInvalid()]`,
    );
    expect(v).toEqual(['VALUE_IN_LIST', [['pending', 'resolved'], true], false, true]);
    expect(() => run(em, `${SHEET}.getRange('C3').setValue('maybe')`)).toThrow(
      'The data you entered in cell C3 violates the data validation rules set on this cell.',
    );
  });
});

describe('call counting', () => {
  test('every Spreadsheet/Sheet/Range call counts once, whatever the row count — https://developers.google.com/apps-script/guides/support/best-practices', () => {
    em = probeEmulator();
    const write = (rows: number) =>
      run(
        em,
        `var rows = []; for (var i = 0; i < ${rows}; i++) rows.push(['+1617555' + i, 'C' + i]);
        var s = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]; s.insertRowsAfter(s.getMaxRows(), rows.length); var r = s.getRange(1, 1, rows.length, 2); r.setNumberFormat('@'); r.setValues(rows); s.appendRow(['x', 'y']); null`,
      );
    em.resetStats();
    write(10);
    const small = { ...em.stats };
    em.resetStats();
    write(5000);
    expect(em.stats.sheets).toBe(small.sheets);
    expect(em.stats.sheetsByMethod).toEqual({
      'SpreadsheetApp.getActiveSpreadsheet': 1,
      'Spreadsheet.getSheets': 1,
      'Sheet.getMaxRows': 1,
      'Sheet.insertRowsAfter': 1,
      'Sheet.getRange': 1,
      'Range.setNumberFormat': 1,
      'Range.setValues': 1,
      'Sheet.appendRow': 1,
    });
  });
});

test('a Date cannot come back through google.script.run — https://developers.google.com/apps-script/guides/html/reference/run', () => {
  em = probeEmulator();
  expect(() => run(em, `${SHEET}.getRange('A1').setValue('1/2/2026').getValue()`)).toThrow(/Illegal value for google.script.run: a Date/);
});

test('a spreadsheet holds at most 10 million cells — https://support.google.com/drive/answer/37603', () => {
  em = probeEmulator();
  expect(() => run(em, `${SHEET}.insertRowsAfter(1000, 399001)`)).toThrow(
    'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  );
  expect(() => run(em, `${SHEET}.appendRow(['x']).getRange(400001, 1)`)).toThrow(
    'The coordinates of the range are outside the dimensions of the sheet.',
  );
  expect(run(em, `${SHEET}.insertRowsAfter(1000, 379000).getRange(380000, 1).setValue('x'); ${SHEET}.getMaxRows()`)).toBe(380000);
});
