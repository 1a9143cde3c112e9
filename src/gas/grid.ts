/**
 * Sheets refuses a range that runs past a sheet's grid, for writes as for reads ("The coordinates
 * of the range are outside the dimensions of the sheet."): a new tab is 1,000 rows by 26 columns,
 * so every write that may reach further makes room first.
 */
export function ensureGrid_(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number, columns: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
}
