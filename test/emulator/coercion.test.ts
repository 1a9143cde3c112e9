// Sheets parses text written by a script like text typed by a user (USER_ENTERED), unless the
// cell is formatted as plain text ('@').
// https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
// https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)
// https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String)
// https://developers.google.com/sheets/api/guides/formats
import { describe, expect, test } from 'vitest';
import { coerceInput } from '../../src/local/emulator/coercion';

const TZ = 'America/New_York';
const midnight = (y: number, m: number, d: number) =>
  new Date(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T05:00:00.000Z`);

type Row = [input: unknown, format: string | undefined, value: unknown, formula?: string];

const TABLE: Row[] = [
  ['+16175550123', undefined, 16175550123],
  ['+16175550123', '@', '+16175550123'],
  ['+Abc', undefined, '#ERROR!', '=+Abc'],
  ['- first item', undefined, '#ERROR!', '=- first item'],
  ['+1-617-555-0123', undefined, 1 - 617 - 555 - 123, '=+1-617-555-0123'],
  ['-5', undefined, -5],
  ['02134', undefined, 2134],
  ['02134', '@', '02134'],
  ['1,000', undefined, 1000],
  ['1,000,000', undefined, 1000000],
  ['2.000', undefined, 2],
  ['$2.99', undefined, 2.99],
  ['50%', undefined, 0.5],
  ['6.17555E+09', undefined, 6175550000],
  ['TRUE', undefined, true],
  ['false', undefined, false],
  ['TRUE', '@', 'TRUE'],
  ['1/2/2026', undefined, midnight(2026, 1, 2)],
  ['2026-01-02', undefined, midnight(2026, 1, 2)],
  ['2026-01-02', '@', '2026-01-02'],
  ['13/45/2026', undefined, '13/45/2026'],
  ['12345678901234567890', undefined, 12345678901234567000],
  ["'0123", undefined, '0123'],
  ["'0123", '@', "'0123"],
  ['(617) 555-0123', undefined, '(617) 555-0123'],
  ['617-555-0123', undefined, '617-555-0123'],
  ['617.555.0123', undefined, '617.555.0123'],
  ['John Smith', undefined, 'John Smith'],
  ['=1+1', undefined, 2, '=1+1'],
  ['=1+1', '@', '=1+1'],
  ['="a"&"b"', undefined, 'ab', '="a"&"b"'],
  ['=1/0', undefined, '#DIV/0!', '=1/0'],
  ['=FOO(1)', undefined, '#NAME?', '=FOO(1)'],
  ['=1+', undefined, '#ERROR!', '=1+'],
  ['', undefined, ''],
  [42, '@', 42],
  [0.1, undefined, 0.1],
  [true, undefined, true],
  [null, undefined, ''],
  [midnight(2026, 3, 4), undefined, midnight(2026, 3, 4)],
];

describe('typed text is coerced as Sheets does (USER_ENTERED unless the number format is @)', () => {
  test.each(TABLE)('%j with format %s → %j', (input, format, value, formula) => {
    const cell = coerceInput(input, format, TZ);
    expect(cell.value).toEqual(value);
    expect(cell.formula).toBe(formula);
  });
});
