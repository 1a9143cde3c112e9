/**
 * The Sources sheet: one row per imported file, read and written by header name. What it saves
 * about a file's format is the profile's stable id, never its display label, so renaming a
 * label in a later version cannot orphan an existing workbook's sources.
 */
import type { WorkbookPort } from '../../core/ports';
import { SYNC_PROFILE } from '../../core/quickbooks/sync';
import { rowsOf, tableOf, type Row } from '../../core/records';
import type { SourceListItem } from '../../core/rpc';
import { PROFILES, profileById, rankProfiles } from '../../core/sources/profiles';
import { fileColumns } from '../../core/sources/import-plan';
import type { ProfileId } from '../../core/sources/types';
import type { Table } from '../../core/table';
import { HEADERS, SHEETS, SOURCE_TYPES, type SourceType } from '../../core/workbook-schema';
import type { SheetTransaction } from '../sheet-transaction';

/** The contract's columns, then the add-on's own. */
export const SOURCES_COLUMNS = [...HEADERS.sources, 'Profile', 'File Hash', 'Phones Found', 'Skipped Rows', 'Unreadable Phones'] as const;

export interface SourceEntry {
  sourceId: string;
  sourceType: SourceType;
  fileName: string;
  sheet: string;
  totalRecords: number;
  recordsWithPhone: number;
  matchedRecords: number;
  conflictRecords: number;
  uploadedAt: string;
  /** Null when the sheet names a format this version does not know (see profileFor). */
  profileId: ProfileId | null;
  /** The format as the sheet names it, shown when this version does not know it. */
  profileText: string;
  fileHash: string;
  phonesFound: number;
  skippedRows: number;
  unreadablePhones: number;
}

export class SourcesStore {
  private entries: Array<{ entry: SourceEntry; row: Row }>;

  constructor(
    workbook: WorkbookPort,
    private readonly table: Table | null = workbook.read(SHEETS.sources),
  ) {
    this.entries = rowsOf(table).map((row) => ({ entry: fromRow(row), row }));
  }

  list(): SourceEntry[] {
    return this.entries.map((e) => e.entry);
  }

  find(sourceId: string): SourceEntry | undefined {
    return this.list().find((s) => s.sourceId === sourceId);
  }

  findByHash(fileHash: string): SourceEntry | undefined {
    return this.list().find((s) => s.fileHash === fileHash);
  }

  /** Adds the entry, or replaces the one with its Source ID (keeping its place in the sheet). */
  put(entry: SourceEntry): this {
    const at = this.entries.findIndex((e) => e.entry.sourceId === entry.sourceId);
    const next = { entry, row: { ...(at >= 0 ? this.entries[at]!.row : {}), ...toRow(entry) } };
    if (at >= 0) this.entries[at] = next;
    else this.entries.push(next);
    return this;
  }

  remove(sourceId: string): this {
    this.entries = this.entries.filter((e) => e.entry.sourceId !== sourceId);
    return this;
  }

  /** Stages the sheet's new content in the transaction; it lands with the transaction's commit. */
  stage(tx: SheetTransaction): void {
    const { header, rows } = tableOf(
      SOURCES_COLUMNS,
      this.entries.map((e) => e.row),
      this.table,
    );
    tx.write(SHEETS.sources, header, rows);
  }
}

/** The list item the sidebar shows. */
export function listItem(entry: SourceEntry): SourceListItem {
  return {
    sourceId: entry.sourceId,
    sourceType: entry.sourceType,
    profileLabel: entry.profileId ? profileById(entry.profileId)!.label : entry.profileText || 'Unknown format',
    fileName: entry.fileName,
    sheet: entry.sheet,
    totalRecords: entry.totalRecords,
    recordsWithPhone: entry.recordsWithPhone,
    uploadedAt: entry.uploadedAt,
    ...(entry.profileId === SYNC_PROFILE ? { synced: true } : {}),
  };
}

/**
 * The profile to read a source's sheet with: the one the Sources row names, or, for a workbook
 * whose row names a format by a label this version no longer has, the one its columns fit best.
 */
export function profileFor(entry: SourceEntry, sheetHeader: string[]): ProfileId {
  if (entry.profileId) return entry.profileId;
  const header = fileColumns(sheetHeader);
  const fitting = rankProfiles(header).find((r) => r.profile.sourceType === entry.sourceType) ?? rankProfiles(header)[0];
  return fitting ? fitting.profile.id : 'csv';
}

function fromRow(row: Row): SourceEntry {
  const count = (name: string) => Number(row[name]) || 0;
  const type = (row['Source Type'] ?? '').trim();
  return {
    sourceId: row['Source ID'] ?? '',
    sourceType: (SOURCE_TYPES as readonly string[]).includes(type) ? (type as SourceType) : 'csv',
    fileName: row['File Name'] ?? '',
    sheet: row['Sheet'] ?? '',
    totalRecords: count('Total Records'),
    recordsWithPhone: count('Records With Phone'),
    matchedRecords: count('Matched Records'),
    conflictRecords: count('Conflict Records'),
    uploadedAt: row['Uploaded At'] ?? '',
    profileId: storedProfile(row['Profile'] ?? ''),
    profileText: row['Profile'] ?? '',
    fileHash: row['File Hash'] ?? '',
    phonesFound: count('Phones Found'),
    skippedRows: count('Skipped Rows'),
    unreadablePhones: count('Unreadable Phones'),
  };
}

/** Workbooks saved by earlier versions hold the label; today's hold the id. */
function storedProfile(value: string): ProfileId | null {
  const v = value.trim();
  return (profileById(v) ?? PROFILES.find((p) => p.label.toLowerCase() === v.toLowerCase()))?.id ?? null;
}

function toRow(e: SourceEntry): Row {
  return {
    'Source ID': e.sourceId,
    'Source Type': e.sourceType,
    'File Name': e.fileName,
    Sheet: e.sheet,
    'Total Records': String(e.totalRecords),
    'Records With Phone': String(e.recordsWithPhone),
    'Matched Records': String(e.matchedRecords),
    'Conflict Records': String(e.conflictRecords),
    'Uploaded At': e.uploadedAt,
    // An unknown format's stored name is kept as it was.
    ...(e.profileId ? { Profile: e.profileId } : {}),
    'File Hash': e.fileHash,
    'Phones Found': String(e.phonesFound),
    'Skipped Rows': String(e.skippedRows),
    'Unreadable Phones': String(e.unreadablePhones),
  };
}
