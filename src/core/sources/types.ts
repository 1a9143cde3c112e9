import type { NameShape } from '../names';
import type { Phone } from '../phones';
import type { SourceType } from '../workbook-schema';

/** One person of a source record: PropertyRadar's Primary and Secondary are two. */
export interface SourcePerson {
  /** Where in the record the person comes from: `Primary`, `Secondary`, `Owner`, `Customer`, `Contact`. */
  role: string;
  /** The name as written in the file. */
  displayName: string;
  firstName: string;
  lastName: string;
  company: string;
  /** Middle names or initials, for matching only (never written to First). */
  middleName?: string;
  /** Names in quotes or parentheses, and the other people a couple's name carries, for matching. */
  nicknames?: string[];
  others?: Array<{ firstName: string; lastName: string }>;
  /** How the name was written: separate First/Last columns are trusted for orientation. */
  nameShape?: NameShape;
  emails: string[];
  phones: Phone[];
  address: string;
  /** Columns worth keeping on the contact (QuickBooks job and payment history). */
  extras?: Record<string, string>;
}

export type ProfileId =
  | 'propertyradar'
  | 'quickbooks-online-customers'
  | 'quickbooks-online-contact-list'
  | 'quickbooks-desktop'
  | 'quickbooks-online-api'
  | 'openphone'
  | 'google-contacts'
  | 'outlook'
  | 'csv';

/** Which columns mean what, for the generic profile; the user can set it in the sidebar. */
export interface ColumnMapping {
  name?: number;
  firstName?: number;
  lastName?: number;
  company?: number;
  phones: number[];
  emails: number[];
  address: number[];
}

export interface RowView {
  header: string[];
  keys: string[];
  cells: string[];
  get(headerName: string): string;
  /** Non-empty cells of the columns whose reduced header passes the test. */
  cellsWhere(test: (key: string) => boolean): string[];
}

export interface SourceProfile {
  id: ProfileId;
  label: string;
  sourceType: SourceType;
  /** 0 (not this format) to 1 (certainly this format), from the header row alone. */
  detect(keys: string[]): number;
  /** Rows after the data that exports add: disclaimers, totals, print timestamps. */
  isFooter?(row: RowView): boolean;
  /** A value that identifies the record within its export (Radar ID, customer name). */
  naturalKey?(row: RowView): string;
  persons(row: RowView, mapping?: ColumnMapping): SourcePerson[];
}
