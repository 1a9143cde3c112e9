/** What the sidebar shows, as plain data; views render it and main.ts changes it. */
import type {
  ConflictCard,
  DashboardView,
  MatchSummary,
  QuickBooksStatus,
  QuickBooksSyncProgress,
  RulePreview,
  SourceImportSummary,
  SourceListItem,
} from '../src/core/rpc';
import type { FinalFields, MergeSpec } from '../src/core/review/model';
import type { PushPlanView, PushProgress, PushVerification } from '../src/core/push/rpc';

export type NoticeKind = 'success' | 'error' | 'info';

export interface Notice {
  kind: NoticeKind;
  text: string;
  /** Extra lines shown folded under the notice (e.g. unreadable phone numbers). */
  details?: string[];
}

export type BusyAction =
  | 'csv'
  | 'openphone'
  | 'save-key'
  | 'clear-key'
  | 'refresh'
  | 'read-sources'
  | 'sources'
  | 'remove-source'
  | 'match'
  | 'open-sheet'
  | 'review'
  | 'apply-decisions'
  | 'export-unmapped'
  | 'push-plan'
  | 'push'
  | 'verify'
  | 'quickbooks'
  | 'quickbooks-sync';

export interface Busy {
  action: BusyAction;
  label: string;
}

/**
 * Where one chosen source file stands: read and waiting for Import, waiting for the user
 * (already imported, columns to map), being sent, or finished one way or another.
 */
export type SourcePhase = 'ready' | 'queued' | 'uploading' | 'duplicate' | 'mapping' | 'done' | 'kept' | 'failed' | 'unreadable';

export interface ProfileChoice {
  id: string;
  label: string;
}

/** What a column of a file without a recognised phone column means, as the user chose. */
export type MappingRole = '' | 'name' | 'firstName' | 'lastName' | 'company' | 'phones' | 'emails' | 'address';

/** A finished import; when its answer was lost on the way, only what the Sources list knows. */
export type FinishedImport = Pick<
  SourceImportSummary,
  'sourceId' | 'fileName' | 'sheet' | 'profileLabel' | 'totalRecords' | 'recordsWithPhone'
> &
  Partial<SourceImportSummary>;

export interface SourceFileEntry {
  /** Unique in the list: the same file name may be chosen twice. */
  key: string;
  fileName: string;
  phase: SourcePhase;
  /** Why the file was refused or its upload failed, naming the file; or a mapping form error. */
  message?: string;
  profileId?: string;
  profileLabel?: string;
  choices?: ProfileChoice[];
  /** Records read in the browser (title and footer rows set aside). */
  records?: number;
  /** Records the server has confirmed so far. */
  sent?: number;
  existing?: SourceListItem;
  header?: string[];
  roles?: MappingRole[];
  result?: FinishedImport;
}

export interface UploadProgress {
  files: number;
  /** 1-based: the file being sent. */
  fileNumber: number;
  rowsSent: number;
  rowsTotal: number;
}

export interface SidebarState {
  dashboard: DashboardView | null;
  busy: Busy | null;
  /** Outcome of the last import, shown in the Import card. */
  importNotice: Notice | null;
  /** Outcome of the last key change, shown in the key settings. */
  keyNotice: Notice | null;
  /** The dashboard itself could not be read. */
  loadError: string | null;
  /** The key settings stay open after the user opened them, across re-renders. */
  keySettingsOpen: boolean;
  /** Source files chosen in this session and where each stands. */
  sourceFiles: SourceFileEntry[];
  sourceProgress: UploadProgress | null;
  /** A failure of the sources area that belongs to no one file (e.g. a removal). */
  sourcesNotice: Notice | null;
  /** The source whose Remove button was pressed and awaits confirmation. */
  confirmRemove: string | null;
  /** What the last match run in this session did; the dashboard keeps the counts after a reload. */
  matchSummary: MatchSummary | null;
  /** A failed match or sheet opening, shown in the Match card. */
  matchNotice: Notice | null;
  /** The review screen, while it is open. */
  review: ReviewState | null;
  /** Outcome of the last Apply decisions, undo or rule removal, shown in the Review card. */
  reviewNotice: Notice | null;
  /** The last dry run. */
  pushPlan: PushPlanView | null;
  /** Where the push job stands (read again when the sidebar opens, so a closed sidebar resumes). */
  pushProgress: PushProgress | null;
  /** Cancel was pressed: the loop stops once the chunk in flight returns. */
  pushCancelling: boolean;
  pushNotice: Notice | null;
  verification: PushVerification | null;
  verifyNotice: Notice | null;
  /** The QuickBooks connection and the last sync, read when the sidebar opens. */
  quickBooks: QuickBooksStatus | null;
  /** Where QuickBooks' consent page is, ready before the click (a tab opens only on a click). */
  quickBooksAuthUrl: string | null;
  /** Connect was clicked: the row checks the connection until QuickBooks sends the user back. */
  quickBooksWaiting: boolean;
  quickBooksProgress: QuickBooksSyncProgress | null;
  quickBooksCancelling: boolean;
  quickBooksNotice: Notice | null;
  confirmDisconnect: boolean;
}

/** How the reviewer means to decide the conflict in front of them. */
export type Strategy = { kind: 'pick'; candidate: number } | { kind: 'merge' };

export interface ReviewState {
  /** Pending conflicts in review order when the screen opened (decided ones stay, so Previous works). */
  queue: string[];
  index: number;
  remaining: number;
  total: number;
  canUndo: boolean;
  card: ConflictCard | null;
  strategy: Strategy;
  merge: MergeSpec;
  keepJobHistory: boolean;
  /** "Apply to all similar", previewed and waiting for confirmation. */
  preview: RulePreview | null;
  notice: Notice | null;
}

export const MERGE_FIELDS: Array<{ field: keyof FinalFields; label: string }> = [
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'company', label: 'Company' },
  { field: 'emails', label: 'Email' },
  { field: 'address', label: 'Address' },
];

export function initialState(): SidebarState {
  return {
    dashboard: null,
    busy: null,
    importNotice: null,
    keyNotice: null,
    loadError: null,
    keySettingsOpen: false,
    sourceFiles: [],
    sourceProgress: null,
    sourcesNotice: null,
    confirmRemove: null,
    matchSummary: null,
    matchNotice: null,
    review: null,
    reviewNotice: null,
    pushPlan: null,
    pushProgress: null,
    pushCancelling: false,
    pushNotice: null,
    verification: null,
    verifyNotice: null,
    quickBooks: null,
    quickBooksAuthUrl: null,
    quickBooksWaiting: false,
    quickBooksProgress: null,
    quickBooksCancelling: false,
    quickBooksNotice: null,
    confirmDisconnect: false,
  };
}
