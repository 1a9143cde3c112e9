/**
 * Conflict review's shapes: what the Conflicts sheet carries about each candidate, what a
 * reviewer decides, and the columns that hold it. The contract's columns come first (design
 * §4); these follow them, read and written by header name.
 */
import type { ContactFields } from '../matching/survivorship';
import type { SourceType } from '../workbook-schema';

/**
 * What a candidate identity would make of the contact, kept on its Conflicts row (`N Data`):
 * survivorship's fields (names, emails, address, source files, QuickBooks history), and where
 * they come from.
 */
export interface CandidateData extends Pick<
  ContactFields,
  'firstName' | 'lastName' | 'company' | 'emails' | 'address' | 'sources' | 'extras'
> {
  sourceTypes: SourceType[];
  /** The source people it is made of (MatchPerson keys). */
  keys: string[];
  confidence: number;
}

/** The fields a reviewer may set by hand, typed in the sheet or in the sidebar's merge. */
export interface FinalFields {
  firstName: string;
  lastName: string;
  company: string;
  emails: string;
  address: string;
}

export const FINAL_COLUMNS: Record<keyof FinalFields, string> = {
  firstName: 'Final First Name',
  lastName: 'Final Last Name',
  company: 'Final Company',
  emails: 'Final Email',
  address: 'Final Address',
};

/** Columns of Conflicts after the candidates, in this order. */
export const REVIEW_COLUMNS = [
  ...Object.values(FINAL_COLUMNS),
  'Kind',
  'Conversations',
  'QuickBooks',
  'Decided By',
  'Decided At',
  'Rule',
  'Applied',
] as const;

export const candidateDataHeader = (n: number) => `${n} Data`;

/** What a reviewer decided for one phone. */
export type Decision = { kind: 'pick'; candidate: number } | { kind: 'merge' } | { kind: 'skip' } | { kind: 'none' };

/** The sidebar's merge: each field taken from a candidate (1-based) or typed. */
export type MergeField = { from: number } | { typed: string };
export type MergeSpec = Record<keyof FinalFields, MergeField>;

/** A decision as the sidebar sends it. */
export interface DecisionInput {
  decision: Decision;
  merge?: MergeSpec;
  /** Keep the QuickBooks job history of every candidate on the contact (default yes). */
  keepJobHistory?: boolean;
  /** The candidates the reviewer saw (the card's `candidateKeys`): refused if they changed since. */
  candidateKeys?: string;
}

/** What kind of disagreement a conflict is: the pattern "apply to all similar" generalises over. */
export type ConflictKind = 'different people' | 'name variant' | 'company vs person' | 'weak match';
