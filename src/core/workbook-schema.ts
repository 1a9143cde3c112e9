/**
 * The workbook contract: sheet names and the header cells other tools read. Names and order
 * here are binding; columns may only be added after these.
 */
export const SHEETS = {
  conversations: 'Conversations',
  sources: 'Sources',
  matches: 'Matches',
  conflicts: 'Conflicts',
  contacts: 'Contacts',
  unmapped: 'Unmapped',
} as const;

export const HEADERS = {
  conversations: ['Phone', 'Conversation ID'],
  sources: [
    'Source ID',
    'Source Type',
    'File Name',
    'Sheet',
    'Total Records',
    'Records With Phone',
    'Matched Records',
    'Conflict Records',
    'Uploaded At',
  ],
  matches: ['Match ID', 'Phone', 'Conversation ID', 'Source Type', 'Source Data', 'Confidence', 'Status', 'Applied At', 'Applied By'],
  conflictsFixed: ['Phone', 'Status', 'Decision', 'Recommended', 'Confidence', 'Why'],
  conflictCandidateFields: ['Source', 'Name', 'Email', 'Address'],
  contacts: ['Contact ID', 'Phones', 'First Name', 'Last Name', 'Company', 'Emails', 'Address', 'Sources', 'Status', 'OpenPhone ID'],
  unmapped: ['Phone', 'Conversation ID'],
  /** Added after a source file's own columns on its sheet. */
  sourceRecord: ['Record Key', 'Phones'],
} as const;

/** `N Source`, `N Name`, … for candidate N (1-based). */
export function conflictCandidateHeaders(n: number): string[] {
  return HEADERS.conflictCandidateFields.map((field) => `${n} ${field}`);
}

/** Several values in one cell are joined with this. */
export const MULTI_VALUE_SEPARATOR = ', ';

export const SOURCE_TYPES = ['propertyradar', 'quickbooks', 'openphone', 'csv'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Source types as people read them. */
export const SOURCE_TYPE_LABELS: Record<string, string> = {
  propertyradar: 'PropertyRadar',
  quickbooks: 'QuickBooks',
  openphone: 'OpenPhone',
  csv: 'CSV',
};

export const CONFLICT_STATUSES = ['pending', 'resolved', 'skipped'] as const;
