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

  /** A workbook without a Settings sheet gets one with the defaults, so people can see them. */
  ensure(settings: MatchSettings): void {
    if (!this.table) this.workbook.write(SETTINGS_SHEET, SETTINGS_HEADER, settingsRows(settings));
  }
}
