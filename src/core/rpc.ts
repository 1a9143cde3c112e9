/**
 * The values that cross between the sidebar and the server: arguments and results of the entry
 * points in src/gas/index.ts (whose own signatures are the contract). Only JSON-like values
 * cross: google.script.run rejects Dates and functions.
 */
import type { Report } from './report';
import type { ColumnMapping } from './sources/types';
import type { MatchSummary } from './matching/engine';
import { SHEETS } from './workbook-schema';

export type { Report, ColumnMapping, MatchSummary };
/** How many problems a summary lists in full; the rest are only counted. */
export const MAX_LISTED_PROBLEMS = 20;

export interface ImportProblem {
  row: number;
  value: string;
  reason: string;
}

export interface ConversationImportSummary {
  source: string;
  rows: number;
  distinctPhones: number;
  duplicatesCollapsed: number;
  rowsWithoutPhone: number;
  problems: ImportProblem[];
  problemCount: number;
}

export interface DashboardStep {
  id: 'import' | 'match' | 'review' | 'push' | 'verify';
  title: string;
  available: boolean;
  detail: string;
}

export interface SourceListItem {
  sourceId: string;
  sourceType: string;
  profileLabel: string;
  fileName: string;
  sheet: string;
  totalRecords: number;
  recordsWithPhone: number;
  uploadedAt: string;
  /** Brought in by the QuickBooks Online sync, not from a file. */
  synced?: boolean;
}

export interface DashboardView {
  conversations: number;
  unmapped: number;
  hasOpenPhoneKey: boolean;
  sources: SourceListItem[];
  /** Whether match has run at least once. */
  matched: boolean;
  /** The verification figures the counts come from. */
  report: Report;
  steps: DashboardStep[];
  /** Rules made with "apply to all similar" that still decide new conflicts. */
  rules: RuleSummary[];
  /** Who decisions are logged under, and whether the user should give a name (Google hides their address). */
  reviewer: { name: string; anonymous: boolean };
}

/** What the sidebar (or the command line) learned from reading a file, sent before its rows. */
export interface SourceImportRequest {
  fileName: string;
  fileHash: string;
  profileId: string;
  /** The file's header row, verbatim. */
  header: string[];
  totalRows: number;
  titleRows: number;
  footerRows: number;
  mapping?: ColumnMapping;
  /** What to do when the same file was imported before; asked when absent. */
  onDuplicate?: 'replace' | 'keep';
}

export type SourceImportStart =
  | { status: 'started'; importId: string; sourceId: string; sheet: string; chunkRows: number }
  | { status: 'duplicate'; existing: SourceListItem }
  | { status: 'needs-mapping'; header: string[]; guess: ColumnMapping };

export interface SourceChunkResult {
  importId: string;
  /** The chunk the server expects next: a retried chunk below it is accepted and ignored. */
  nextChunk: number;
  rowsReceived: number;
}

export interface SourceImportSummary extends Omit<SourceListItem, 'uploadedAt'> {
  phonesFound: number;
  skippedRows: number;
  unreadablePhones: number;
  problems: ImportProblem[];
  replaced: boolean;
}

/**
 * The sheets the sidebar may bring to the front: the add-on's own results, never a source
 * sheet or a hidden one, so a sidebar call cannot be used to wander the workbook.
 */
export const OPENABLE_SHEETS: readonly string[] = [SHEETS.conflicts, SHEETS.unmapped, SHEETS.contacts];

/** The review queue: pending conflicts in the order to review them (QuickBooks, then busiest phones). */
export interface ReviewQueue {
  total: number;
  remaining: number;
  phones: string[];
  /** Whether there is a decision to undo. */
  canUndo: boolean;
}

export interface CandidateCard {
  n: number;
  /** Files and roles, as the Conflicts sheet's `N Source`. */
  source: string;
  sourceTypes: string[];
  firstName: string;
  lastName: string;
  company: string;
  name: string;
  emails: string[];
  address: string;
  confidence: number;
  /** QuickBooks history: jobs, last job, balances. */
  history: Array<{ label: string; value: string }>;
}

export interface ConflictCard {
  phone: string;
  status: string;
  decision: string;
  decidedBy: string;
  recommended: number;
  why: string;
  kind: string;
  conversations: number;
  finals: { firstName: string; lastName: string; company: string; emails: string; address: string };
  candidates: CandidateCard[];
  /** Which candidates these are: a decision sends it back, so a card gone stale cannot decide. */
  candidateKeys: string;
}

export type DecideResult =
  | { status: 'decided'; phone: string; decision: string; by: string; at: string }
  /** Match ran since the card was shown and the candidates changed: nothing was decided. */
  | { status: 'changed'; phone: string; decision: string; by: string; at: string }
  /** Another reviewer decided this conflict first; nothing was changed. */
  | { status: 'already-decided'; phone: string; decision: string; by: string; at: string };

export interface RulePreview {
  description: string;
  /** Other pending conflicts the rule would decide. */
  count: number;
  examples: Array<{ phone: string; choice: string }>;
}

export interface RuleSummary {
  ruleId: string;
  description: string;
  decided: number;
}

export interface UndoResult {
  undone: number;
  phones: string[];
  message: string;
}

export interface SheetDecisionsSummary {
  decided: number;
  manualContacts: number;
  phoneOnly: number;
}

export interface UnmappedExport {
  fileName: string;
  csv: string;
  rows: number;
}

export type QuickBooksEnvironmentName = 'production' | 'sandbox';

export interface QuickBooksStatus {
  /** Whether the add-on's Intuit client ID and secret are set (script or user properties). */
  configured: boolean;
  connected: boolean;
  environment: QuickBooksEnvironmentName;
  realmId: string | null;
  /** Rows of the QuickBooks sheet, from its last sync. */
  customers: number | null;
  lastSyncAt: string | null;
  /** A sync started and not finished. */
  sync: QuickBooksSyncProgress | null;
  /** Why the connection or the last sync needs the user (reconnect, a refused query). */
  message: string | null;
}

export interface QuickBooksConnectStart {
  authorizationUrl: string;
  /** What the Intuit app must list as its redirect URI. */
  redirectUri: string;
}

export interface QuickBooksSyncSummary {
  customers: number;
  withPhone: number;
  subCustomers: number;
  inactive: number;
  invoices: number;
  payments: number;
  /** Phones QuickBooks holds that are no phone number, the first MAX_LISTED_PROBLEMS of them. */
  problems: Array<{ customer: string; message: string }>;
  problemCount: number;
}

export interface QuickBooksSyncProgress {
  state: 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';
  phase: 'customers' | 'invoices' | 'payments' | 'writing';
  fetched: { customers: number; invoices: number; payments: number };
  totalCustomers: number | null;
  /** With `waiting`: call again after this many seconds (QuickBooks answered 429). */
  retryAfterSeconds: number | null;
  message: string | null;
  summary: QuickBooksSyncSummary | null;
}
