import type { SourcePerson } from '../sources/types';
import type { SourceType } from '../workbook-schema';

/** A person of a source record, as the matcher sees them: the source's person plus where they came from. */
export interface MatchPerson extends Omit<SourcePerson, 'phones' | 'extras'> {
  /** `<record key>/<role>`: stable across re-runs and re-imports of the same export. */
  key: string;
  recordKey: string;
  sourceId: string;
  sourceType: SourceType;
  /** The file the person came from, for people reading Conflicts. */
  sourceName: string;
  /** E.164 phones. */
  phones: string[];
  /** Columns a contact keeps from this source (QuickBooks job and payment history). */
  extras: Record<string, string>;
}
