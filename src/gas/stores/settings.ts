/**
 * The Settings sheet: the matcher's thresholds and survivorship rules, where an office manager
 * can read and change them. Rows are found by the setting's name in the `Setting` column and
 * its `Value`, wherever those columns and rows stand.
 */
import type { WorkbookPort } from '../../core/ports';
import { rowsOf } from '../../core/records';
import { readSettings, settingsRows, SETTINGS_HEADER, SETTINGS_SHEET, type MatchSettings } from '../../core/matching/settings';
import type { Table } from '../../core/table';

export class SettingsStore {
  constructor(
    private readonly workbook: WorkbookPort,
    private readonly table: Table | null = workbook.read(SETTINGS_SHEET),
  ) {}

  /** The settings, or the problems that make them unreadable (each naming the setting). */
  read(): { settings: MatchSettings; problems: string[] } {
    if (!this.table) return readSettings(null);
    return readSettings(rowsOf(this.table).map((r) => ({ name: r['Setting'] ?? '', value: r['Value'] ?? '' })));
  }

  /** Settings the sheet lacks are added with their values, so people can see them. */
  ensure(settings: MatchSettings): void {
    ensureSettingRows(
      this.workbook,
      settingsRows(settings).map(([name, value, meaning]) => ({ name: name!, value: value!, meaning: meaning! })),
      this.table,
    );
  }
}

/**
 * Rows the Settings sheet lacks (by name) are added after its own, in its columns; a workbook
 * without the sheet gets one. Other steps' settings (push, QuickBooks) live in the same sheet.
 */
export function ensureSettingRows(
  workbook: WorkbookPort,
  wanted: ReadonlyArray<{ name: string; value: string; meaning: string }>,
  table: Table | null = workbook.read(SETTINGS_SHEET),
): void {
  if (!table) {
    workbook.write(
      SETTINGS_SHEET,
      SETTINGS_HEADER,
      wanted.map((r) => [r.name, r.value, r.meaning]),
    );
    return;
  }
  const have = new Set(rowsOf(table).map((r) => (r['Setting'] ?? '').trim().toLowerCase()));
  const missing = wanted.filter((r) => !have.has(r.name.toLowerCase()));
  const at = (name: string) => table.header.indexOf(name);
  if (missing.length === 0 || at('Setting') < 0 || at('Value') < 0) return;
  const width = table.header.length;
  const rows = missing.map((r) => {
    const cells = new Array<string>(width).fill('');
    cells[at('Setting')] = r.name;
    cells[at('Value')] = r.value;
    if (at('Meaning') >= 0) cells[at('Meaning')] = r.meaning;
    return cells;
  });
  workbook.writeRows(SETTINGS_SHEET, (table.rowNumbers?.[table.rowNumbers.length - 1] ?? table.rows.length + 1) + 1, rows);
}

/** A setting's value by name, '' when the sheet or the row is missing. */
export function settingValue(table: Table | null, name: string): string {
  const row = rowsOf(table).find((r) => (r['Setting'] ?? '').trim().toLowerCase() === name.toLowerCase());
  return (row?.['Value'] ?? '').trim();
}
