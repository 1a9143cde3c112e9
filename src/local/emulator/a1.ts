/** A1 notation, as Range.getA1Notation() writes it and Sheet.getRange(a1Notation) reads it. */

export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Notation(row: number, column: number, numRows = 1, numColumns = 1): string {
  const start = `${columnLetters(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return start;
  return `${start}:${columnLetters(column + numColumns - 1)}${row + numRows - 1}`;
}

export interface A1Range {
  sheetName?: string;
  row: number;
  column: number;
  /** Undefined for an open end (a whole column or row), resolved against the sheet's grid. */
  lastRow?: number;
  lastColumn?: number;
}

const PART = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

/** Parses "A1", "A1:C3", "A:C", "2:5" or "'My sheet'!B2:C"; undefined when it is not A1 notation. */
export function parseA1(text: string): A1Range | undefined {
  let rest = text.trim();
  let sheetName: string | undefined;
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = rest.slice(0, bang);
    if (sheetName.startsWith("'") && sheetName.endsWith("'") && sheetName.length >= 2) {
      sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    }
    rest = rest.slice(bang + 1);
  }
  const [first, second, extra] = rest.split(':');
  if (first === undefined || extra !== undefined) return undefined;
  const a = PART.exec(first);
  if (!a || (!a[1] && !a[2])) return undefined;
  if (second === undefined) {
    if (!a[1] || !a[2]) return undefined;
    const row = Number(a[2]);
    const column = columnNumber(a[1]);
    return { sheetName, row, column, lastRow: row, lastColumn: column };
  }
  const b = PART.exec(second);
  if (!b || (!b[1] && !b[2])) return undefined;
  // "A:C" has no rows, "2:5" no columns; a mixed "A1:C" runs to the grid's last row.
  if (!a[1] !== !b[1] && !(a[1] && a[2] && b[1])) return undefined;
  const c1 = a[1] ? columnNumber(a[1]) : 1;
  const c2 = b[1] ? columnNumber(b[1]) : undefined;
  const r1 = a[2] ? Number(a[2]) : 1;
  const r2 = b[2] ? Number(b[2]) : undefined;
  if (r1 < 1) return undefined;
  const row = r2 === undefined ? r1 : Math.min(r1, r2);
  const column = c2 === undefined ? c1 : Math.min(c1, c2);
  return {
    sheetName,
    row,
    column,
    lastRow: r2 === undefined ? undefined : Math.max(r1, r2),
    lastColumn: c2 === undefined ? undefined : Math.max(c1, c2),
  };
}
