// Where the emulated SpreadsheetApp is exactly as strict as Google Sheets (issue 8); each test
// names the reference it follows and says so where the real behaviour is not documented.
import { afterEach, describe, expect, test } from 'vitest';
import { newWorkbook, type Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run } from './helpers';

let em: Emulator;
let other: Emulator | undefined;
afterEach(() => {
  em?.dispose();
  other?.dispose();
  other = undefined;
});

const SHEET = 'SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]';
const OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';

describe('the grid', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)
  // The reference does not say what a range past the grid does; scripts report this message for
  // both reads and writes, and some say writes now grow the sheet. The stricter reading is taken:
  // getRange itself refuses, so the add-on inserts rows and columns first.
  test('a range past the last row or column throws, for reading and for writing — https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer)', () => {
    em = probeEmulator();
    expect(() => run(em, `${SHEET}.getRange(1001, 1).getValue()`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getRange(1, 27).getValue()`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getRange(990, 1, 20, 1).getValues()`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getRange('A995:B1005')`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getRange('A1').offset(1000, 0)`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getRange(1001, 1, 5, 2).setValues([[1,2],[1,2],[1,2],[1,2],[1,2]])`)).toThrow(OUTSIDE);
    expect(() => run(em, `${SHEET}.getSheetValues(1, 1, 1001, 1)`)).toThrow(OUTSIDE);
    // Nothing was written and the grid did not grow.
    expect(run(em, `var s = ${SHEET}; [s.getLastRow(), s.getMaxRows(), s.getMaxColumns()]`)).toEqual([0, 1000, 26]);
    expect(run(em, `var s = ${SHEET}; s.getRange(1000, 26).setValue('corner'); s.getRange(1000, 26).getValue()`)).toBe('corner');
  });

  test('inserting rows and columns makes room; appendRow grows the sheet itself — https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertRowsAfter(Integer,Integer)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; s.insertRowsAfter(1000, 5).insertColumnsAfter(26, 2);
      s.getRange(1005, 28).setValue('far');
      s.getRange(1005, 1).setValue('last');
      s.appendRow(['appended']);
      [s.getMaxRows(), s.getMaxColumns(), s.getRange(1005, 28).getValue(), s.getRange(1006, 1).getValue()]`,
    );
    expect(v).toEqual([1006, 28, 'far', 'appended']);
  });

  test('a sheet has at most 18,278 columns (A to ZZZ) — https://support.google.com/drive/answer/37603', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; s.deleteRows(2, 998); s.insertColumnsAfter(26, 18278 - 26); [s.getMaxColumns(), s.getRange(1, 18278).getA1Notation()]`,
    );
    expect(v).toEqual([18278, 'ZZZ1']);
    expect(() => run(em, `${SHEET}.insertColumnsAfter(18278, 1)`)).toThrow(
      'This action would increase the number of columns in the sheet above the limit of 18278.',
    );
    expect(() => run(em, `${SHEET}.getRange(1, 18279)`)).toThrow(OUTSIDE);
    expect(run(em, `${SHEET}.getMaxColumns()`)).toBe(18278);
  });
});

describe('50,000 characters a cell, whatever writes them — https://support.google.com/drive/answer/37603', () => {
  // The limit is documented; Sheets' wording of the error is not, so the message is the emulator's.
  const MESSAGE = 'Your input contains more than the maximum of 50000 characters in a single cell.';
  test.each([
    ['setValue', `r.setValue(big)`],
    ['setValue into a text (@) cell', `r.setNumberFormat('@').setValue(big)`],
    ['setValues', `r.setValues([[big]])`],
    ['setFormula', `r.setFormula('="' + big + '"')`],
    ['setFormulas', `r.setFormulas([['="' + big + '"']])`],
    ['appendRow', `${SHEET}.appendRow(['ok', big])`],
  ])('%s refuses a cell of 50,001 characters and writes nothing', (_name, write) => {
    em = probeEmulator();
    expect(() => run(em, `var big = new Array(50002).join('x'); var r = ${SHEET}.getRange('B2'); ${write}`)).toThrow(MESSAGE);
    expect(run(em, `${SHEET}.getLastRow()`)).toBe(0);
  });

  test('exactly 50,000 characters are kept', () => {
    em = probeEmulator();
    expect(
      run(em, `var r = ${SHEET}.getRange('A1'); r.setNumberFormat('@').setValues([[new Array(50001).join('x')]]); r.getValue().length`),
    ).toBe(50000);
  });
});

describe('data validation that rejects input, for every criterion — https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder', () => {
  const VIOLATES = (cell: string) => `The data you entered in cell ${cell} violates the data validation rules set on this cell.`;
  /** Sets `rule` (builder calls after newDataValidation()) on A1, then writes each value. */
  let dv: Emulator | undefined;
  function verdicts(rule: string, values: unknown[], format?: string): Array<'ok' | 'refused'> {
    dv ??= probeEmulator();
    return values.map((v) => {
      try {
        run(
          dv!,
          `var r = ${SHEET}.getRange('A1'); r.clear(); r.clearDataValidations(); ${format ? `r.setNumberFormat('${format}');` : ''}
          r.setDataValidation(SpreadsheetApp.newDataValidation()${rule}.setAllowInvalid(false).build()); r.setValue(${JSON.stringify(v)}); null`,
        );
        return 'ok';
      } catch (e) {
        expect((e as Error).message).toBe(VIOLATES('A1'));
        return 'refused';
      }
    });
  }
  afterEach(() => {
    dv?.dispose();
    dv = undefined;
  });

  test('checkbox: TRUE/FALSE, or the checked and unchecked values given — #requireCheckbox()', () => {
    expect(verdicts('.requireCheckbox()', [true, false, 'TRUE', 'yes', 1])).toEqual(['ok', 'ok', 'ok', 'refused', 'refused']);
    expect(verdicts(".requireCheckbox('yes', 'no')", ['yes', 'no', 'maybe', true])).toEqual(['ok', 'ok', 'refused', 'refused']);
  });

  test('numbers: between, not between, greater, less, equal — #requireNumberBetween(Number,Number)', () => {
    expect(verdicts('.requireNumberBetween(1, 10)', [1, 10, '5', 0, 11, 'five'])).toEqual([
      'ok',
      'ok',
      'ok',
      'refused',
      'refused',
      'refused',
    ]);
    expect(verdicts('.requireNumberNotBetween(1, 10)', [0, 5])).toEqual(['ok', 'refused']);
    expect(verdicts('.requireNumberGreaterThan(0)', [1, 0, -1])).toEqual(['ok', 'refused', 'refused']);
    expect(verdicts('.requireNumberLessThanOrEqualTo(3)', [3, 4])).toEqual(['ok', 'refused']);
    expect(verdicts('.requireNumberEqualTo(7)', [7, 8])).toEqual(['ok', 'refused']);
    // Not documented: text that looks like a number in a text (@) cell stays text, which the stricter reading refuses.
    expect(verdicts('.requireNumberBetween(1, 10)', ['5'], '@')).toEqual(['refused']);
  });

  test('dates: is a date, after, before, between, on or after — #requireDateBetween(Date,Date)', () => {
    expect(verdicts('.requireDate()', ['1/2/2024', '2024-01-02', 'soon', 45000])).toEqual(['ok', 'ok', 'refused', 'refused']);
    expect(verdicts('.requireDateAfter(new Date(2024, 0, 1))', ['1/2/2024', '1/1/2024', '12/31/2023'])).toEqual([
      'ok',
      'refused',
      'refused',
    ]);
    expect(verdicts('.requireDateBefore(new Date(2024, 0, 1))', ['12/31/2023', '1/1/2024'])).toEqual(['ok', 'refused']);
    expect(
      verdicts('.requireDateBetween(new Date(2024, 0, 1), new Date(2024, 0, 31))', ['1/1/2024', '1/31/2024 23:00', '2/1/2024']),
    ).toEqual(['ok', 'ok', 'refused']);
    expect(verdicts('.requireDateOnOrAfter(new Date(2024, 0, 1))', ['1/1/2024', '12/31/2023'])).toEqual(['ok', 'refused']);
    expect(verdicts('.requireDateEqualTo(new Date(2024, 0, 1))', ['1/1/2024 10:00', '1/2/2024'])).toEqual(['ok', 'refused']);
  });

  test('text: contains, does not contain, equal to, email, URL — #requireTextContains(String)', () => {
    expect(verdicts(".requireTextContains('smith')", ['John Smith', 'Jane Doe'])).toEqual(['ok', 'refused']);
    expect(verdicts(".requireTextDoesNotContain('test')", ['real customer', 'a TEST row'])).toEqual(['ok', 'refused']);
    expect(verdicts(".requireTextEqualTo('done')", ['done', 'Done!'])).toEqual(['ok', 'refused']);
    expect(verdicts('.requireTextIsEmail()', ['a@b.co', 'not an email', 'a@b'])).toEqual(['ok', 'refused', 'refused']);
    expect(verdicts('.requireTextIsUrl()', ['https://example.com/x', 'example.com', 'not a url'])).toEqual(['ok', 'ok', 'refused']);
  });

  test('value in a list, and in a range of another sheet — #requireValueInRange(Range)', () => {
    expect(verdicts(".requireValueInList(['pending', 'resolved'])", ['pending', 'maybe'])).toEqual(['ok', 'refused']);
    run(dv!, `SpreadsheetApp.getActiveSpreadsheet().insertSheet('Lists').getRange('A1:A2').setValues([['red'], ['blue']]); null`);
    const rule = `.requireValueInRange(SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Lists').getRange('A1:A10'))`;
    expect(verdicts(rule, ['blue', 'green'])).toEqual(['ok', 'refused']);
  });

  test('a custom formula: evaluated when it needs no cells; one that refers to cells cannot be checked and the write is refused (not documented; the stricter reading) — #requireFormulaSatisfied(String)', () => {
    expect(verdicts(".requireFormulaSatisfied('=1>2')", ['anything'])).toEqual(['refused']);
    expect(verdicts(".requireFormulaSatisfied('=2>1')", ['anything'])).toEqual(['ok']);
    expect(() =>
      run(
        dv!,
        `var r = ${SHEET}.getRange('B1'); r.setDataValidation(SpreadsheetApp.newDataValidation().requireFormulaSatisfied('=B1>0').setAllowInvalid(false).build()); r.setValue(5)`,
      ),
    ).toThrow('The data validation rule on cell B1 (CUSTOM_FORMULA) cannot be checked by the emulator.');
  });

  test('a rule that only warns (the default) accepts anything, an empty value always passes, and a refused write changes no cell — https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder#setAllowInvalid(Boolean)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var s = ${SHEET}; var dv = SpreadsheetApp.newDataValidation();
      s.getRange('A1').setDataValidation(dv.requireNumberBetween(1, 2).build()).setValue('warned only');
      s.getRange('B1:B2').setDataValidation(SpreadsheetApp.newDataValidation().requireNumberBetween(1, 2).setAllowInvalid(false).build());
      s.getRange('B1').setValue(1); s.getRange('B1').setValue('');
      var refused = ''; try { s.getRange('B1:B2').setValues([[2], [3]]); } catch (e) { refused = e.message; }
      [s.getRange('A1').getValue(), s.getRange('B1:B2').getValues(), refused]`,
    );
    expect(v).toEqual(['warned only', [[''], ['']], VIOLATES('B2')]);
  });
});

// setValue parses text as if the user typed it; which texts Sheets takes for dates is not
// documented in full, so these are the forms the issue names and their near relatives.
describe('typed dates and times become dates unless the cell is @ — https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)', () => {
  test('date-times, month names and ISO with a time are dates of the spreadsheet time zone', () => {
    em = probeEmulator();
    const v = run<string[][]>(
      em,
      `var s = ${SHEET}; var typed = [['1/2/2024 10:30', 'Jan 2, 2024', '2024-01-02 10:30:00', 'January 2, 2024 3:15 PM', '2 Jan 2024', '10:30']];
      s.getRange('A1:F1').setValues(typed); s.getRange('A2:F2').setNumberFormat('@').setValues(typed);
      var row1 = s.getRange('A1:F1').getValues()[0].map(function (d) { return Object.prototype.toString.call(d) === '[object Date]' ? d.toISOString() : 'text: ' + d; });
      [row1, s.getRange('A2:F2').getValues()[0]]`,
    );
    expect(v[0]).toEqual([
      '2024-01-02T15:30:00.000Z',
      '2024-01-02T05:00:00.000Z',
      '2024-01-02T15:30:00.000Z',
      '2024-01-02T20:15:00.000Z',
      '2024-01-02T05:00:00.000Z',
      '1899-12-30T15:30:00.000Z',
    ]);
    expect(v[1]).toEqual(['1/2/2024 10:30', 'Jan 2, 2024', '2024-01-02 10:30:00', 'January 2, 2024 3:15 PM', '2 Jan 2024', '10:30']);
    expect(run(em, `${SHEET}.getRange('A1:C1').getDisplayValues()`)).toEqual([
      ['2024-01-02 10:30:00', '2024-01-02', '2024-01-02 10:30:00'],
    ]);
    // Without a year, this year's date.
    expect(
      run(
        em,
        `var r = ${SHEET}.getRange('A3'); r.setValue('Mar 5'); r.getValue().getFullYear() === new Date().getFullYear() && r.getDisplayValue().slice(5)`,
      ),
    ).toBe('03-05');
  });

  test('text that only resembles a date stays text', () => {
    em = probeEmulator();
    expect(
      run(em, `var r = ${SHEET}.getRange('A1:C1'); r.setValues([['2/30/2024', 'January 32, 2024', '1/2/2024 25:00']]); r.getValues()`),
    ).toEqual([['2/30/2024', 'January 32, 2024', '1/2/2024 25:00']]);
  });
});

describe('a deleted sheet', () => {
  // Not documented: the emulator answers "Sheet not found" for the deleted sheet's sheet and range
  // objects alike, and refuses every call, reads included (the stricter reading).
  test('its ranges throw on every call instead of writing into nothing — https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#deleteSheet(Sheet)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var ss = SpreadsheetApp.getActiveSpreadsheet(); var s = ss.insertSheet('Gone'); var r = s.getRange('A1:B2'); ss.deleteSheet(s);
      var seen = [];
      [function () { r.setValue('x'); }, function () { r.getValues(); }, function () { r.setNumberFormat('@'); }, function () { r.getA1Notation(); }, function () { s.getRange('A1'); }]
        .forEach(function (f) { try { f(); seen.push('ran'); } catch (e) { seen.push(e.message); } });
      [seen, ss.getSheets().map(function (x) { return x.getName(); })]`,
    );
    expect(v).toEqual([['Sheet not found', 'Sheet not found', 'Sheet not found', 'Sheet not found', 'Sheet not found'], ['Sheet1']]);
  });
});

describe('sheet names', () => {
  // Sheets' rename box refuses a blank name and stops at 100 characters; the reference does not
  // give the script's error wording, so the messages are the emulator's.
  test('at most 100 characters and not blank, for insertSheet and setName — https://developers.google.com/apps-script/reference/spreadsheet/sheet#setName(String)', () => {
    em = probeEmulator();
    const long = 'x'.repeat(101);
    expect(() => run(em, `SpreadsheetApp.getActiveSpreadsheet().insertSheet('')`)).toThrow('Sheet names cannot be blank.');
    expect(() => run(em, `SpreadsheetApp.getActiveSpreadsheet().insertSheet('   ')`)).toThrow('Sheet names cannot be blank.');
    expect(() => run(em, `SpreadsheetApp.getActiveSpreadsheet().insertSheet('${long}')`)).toThrow(/at most 100 characters/);
    expect(() => run(em, `${SHEET}.setName('')`)).toThrow('Sheet names cannot be blank.');
    expect(() => run(em, `${SHEET}.setName('${long}')`)).toThrow(/at most 100 characters/);
    expect(run(em, `SpreadsheetApp.getActiveSpreadsheet().insertSheet('${'y'.repeat(100)}').getName().length`)).toBe(100);
    expect(run(em, `SpreadsheetApp.getActiveSpreadsheet().getSheets().map(function (s) { return s.getName().length; })`)).toEqual([6, 100]);
  });
});

describe('protections — https://developers.google.com/apps-script/reference/spreadsheet/protection', () => {
  const PROTECTED =
    'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

  test('Range.protect() exists; until its editors change it mirrors the spreadsheet, so it protects nothing — https://developers.google.com/apps-script/reference/spreadsheet/range#protect()', () => {
    const workbook = newWorkbook();
    workbook.owner = 'owner@example.com';
    em = probeEmulator({ workbook, userEmail: 'owner@example.com' });
    expect(
      run(
        em,
        `var p = ${SHEET}.getRange('A1:B2').protect().setDescription('IDs'); [p.getDescription(), p.getProtectionType(), p.getRange().getA1Notation(), p.canEdit()]`,
      ),
    ).toEqual(['IDs', 'RANGE', 'A1:B2', true]);
    other = probeEmulator({ workbook, userEmail: 'clerk@example.com' });
    expect(run(other, `${SHEET}.getRange('A1').setValue('clerk'); ${SHEET}.getRange('A1').getValue()`)).toBe('clerk');
  });

  test("once the editors are only the owner, another user's edit throws and changes nothing; an editor added may edit — https://developers.google.com/apps-script/reference/spreadsheet/protection#removeEditors(String)", () => {
    const workbook = newWorkbook();
    workbook.owner = 'owner@example.com';
    em = probeEmulator({ workbook, userEmail: 'owner@example.com' });
    // The reference's own sample: protect, add yourself, remove every other editor.
    run(
      em,
      `var p = ${SHEET}.getRange('A1:B2').protect(); var me = Session.getEffectiveUser(); p.addEditor(me); p.removeEditors(p.getEditors()); if (p.canDomainEdit()) p.setDomainEdit(false); null`,
    );
    other = probeEmulator({ workbook, userEmail: 'clerk@example.com' });
    expect(() => run(other!, `${SHEET}.getRange('B2').setValue('x')`)).toThrow(PROTECTED);
    expect(() => run(other!, `${SHEET}.getRange('A1:C3').clearContent()`)).toThrow(PROTECTED);
    expect(() => run(other!, `${SHEET}.clear()`)).toThrow(PROTECTED);
    expect(() => run(other!, `${SHEET}.deleteRow(1)`)).toThrow(PROTECTED);
    expect(() => run(other!, `${SHEET}.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].remove()`)).toThrow(PROTECTED);
    expect(
      run(other, `${SHEET}.getRange('C3').setValue('outside'); ${SHEET}.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].canEdit()`),
    ).toBe(false);
    expect(
      run(
        em,
        `${SHEET}.getRange('B2').setValue('owner'); ${SHEET}.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].getEditors().map(function (u) { return u.getEmail(); })`,
      ),
    ).toEqual(['owner@example.com']);
    run(em, `${SHEET}.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].addEditor('clerk@example.com'); null`);
    expect(run(other, `${SHEET}.getRange('B2').setValue('clerk'); ${SHEET}.getRange('B2').getValue()`)).toBe('clerk');
  });

  test('a warning-only protection lets the edit through; a sheet protection keeps its unprotected ranges open — https://developers.google.com/apps-script/reference/spreadsheet/protection#setUnprotectedRanges(Range)', () => {
    const workbook = newWorkbook();
    workbook.owner = 'owner@example.com';
    em = probeEmulator({ workbook, userEmail: 'owner@example.com' });
    run(
      em,
      `var ss = SpreadsheetApp.getActiveSpreadsheet(); var w = ${SHEET}.getRange('A1').protect(); w.removeEditors(w.getEditors()); w.setWarningOnly(true);
      var locked = ss.insertSheet('Locked'); var p = locked.protect(); p.setUnprotectedRanges([locked.getRange('D1:D10')]); p.removeEditors(p.getEditors()); null`,
    );
    other = probeEmulator({ workbook, userEmail: 'clerk@example.com' });
    const LOCKED = "SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Locked')";
    expect(run(other, `${SHEET}.getRange('A1').setValue('warned'); ${SHEET}.getRange('A1').getValue()`)).toBe('warned');
    expect(run(other, `${LOCKED}.getRange('D5').setValue('open'); ${LOCKED}.getRange('D5').getValue()`)).toBe('open');
    expect(() => run(other!, `${LOCKED}.getRange('A1').setValue('x')`)).toThrow(PROTECTED);
    expect(() => run(other!, `${LOCKED}.getRange('D10:D11').setValue('x')`)).toThrow(PROTECTED);
    // A user whose address Sheets cannot see is no editor either.
    const anonymous = probeEmulator({ workbook, userEmail: '' });
    try {
      expect(() => run(anonymous, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Locked').getRange('A1').setValue('x')`)).toThrow(
        PROTECTED,
      );
    } finally {
      anonymous.dispose();
    }
  });
});
