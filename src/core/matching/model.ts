/** The shapes a match run passes between its parts. */
import type { ColumnMapping, ProfileId } from '../sources/types';
import type { SourceType } from '../workbook-schema';
import type { Identity } from './identities';
import type { MatchSettings } from './settings';

import type { Table } from '../table';

export type { Table };

export interface SourceSheet {
  sourceId: string;
  sourceType: SourceType;
  fileName: string;
  /** The format the sheet is read with (the Sources row keeps this id, never a label). */
  profileId: ProfileId;
  /** The source sheet: the file's columns, then Record Key and Phones. */
  table: Table;
  mapping?: ColumnMapping;
}

export interface MatchInput {
  conversations: Table | null;
  sources: SourceSheet[];
  previous: { conflicts: Table | null; contacts: Table | null; unmapped: Table | null; matches: Table | null };
  settings: MatchSettings;
  now: string;
  user: string;
}

export interface MatchSummary {
  phones: number;
  autoMatched: number;
  conflicts: number;
  unmapped: number;
  contacts: number;
  decisionsKept: number;
}

export interface MatchOutput {
  matches: Table;
  conflicts: Table;
  contacts: Table;
  unmapped: Table;
  /** Per source: records with an applied match, records in a pending conflict. */
  sourceCounts: Record<string, { matched: number; conflict: number }>;
  summary: MatchSummary;
}

export type Outcome =
  | { kind: 'auto'; identity: Identity }
  | { kind: 'conflict'; identities: Identity[] }
  | { kind: 'kept'; row: string[] }
  | { kind: 'unmapped'; reason: string };

/** What a source record looks like in Matches. */
export interface RecordInfo {
  sourceId: string;
  sourceType: SourceType;
  data: string;
}

/** A conflict as the previous run (and the reviewers after it) left it. */
export interface PreviousConflict {
  status: string;
  keys: string;
  row: string[];
}

export { column } from '../table';
