import type { SourceType } from '../workbook-schema';

/** A person of a source record, as the matcher sees them. */
export interface MatchPerson {
  /** `<record key>/<role>`: stable across re-runs and re-imports of the same export. */
  key: string;
  recordKey: string;
  sourceId: string;
  sourceType: SourceType;
  /** The file the person came from, for people reading Conflicts. */
  sourceName: string;
  role: string;
  displayName: string;
  firstName: string;
  lastName: string;
  company: string;
  emails: string[];
  address: string;
  phones: string[];
  /** Columns a contact keeps from this source (QuickBooks job and payment history). */
  extras: Record<string, string>;
}
