/**
 * The demo workbook of the preview, made by the add-on itself as a user would make it: every
 * sample export in samples/ and a referral list in extra/ imported as sources, then the demo
 * conversation list, whose numbers partly belong to people in those files.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSourceFile } from '../../core/sources/read';
import type { Emulator } from '../emulator';
import { importTable } from '../import-source';
import { projectRoot } from '../paths';
import { serverOf } from '../server-of';
import { decodeText } from '../text-file';

export const DEMO_TITLE = 'Contact Enrichment demo';
export const DEMO_CONVERSATIONS_FILE = 'conversations.csv';

export function demoFile(...parts: string[]): string {
  return path.join(projectRoot(), 'src', 'local', 'demo', ...parts);
}

export interface DemoBuild {
  sources: string[];
  /** Samples the add-on would not take without a person choosing columns; the demo skips them. */
  skipped: Array<{ file: string; reason: string }>;
}

export async function buildDemoWorkbook(emulator: Emulator): Promise<DemoBuild> {
  const result: DemoBuild = { sources: [], skipped: [] };
  // The sample exports, plus a small referral list whose numbers compete with them, so the
  // demo has conflicts to review.
  const samples = (await readdir(demoFile('samples'))).filter((f) => f.toLowerCase().endsWith('.csv')).sort().map((f) => ['samples', f] as const);
  for (const [folder, file] of [...samples, ['extra', 'referrals.csv'] as const]) {
    try {
      const text = decodeText(await readFile(demoFile(folder, file)));
      if (importSource(emulator, file, text)) result.sources.push(file);
      else result.skipped.push({ file, reason: 'no phone column recognised' });
    } catch (e) {
      result.skipped.push({ file, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const conversations = await readFile(demoFile(DEMO_CONVERSATIONS_FILE), 'utf8');
  serverOf(emulator).importConversationsCsv(DEMO_CONVERSATIONS_FILE, conversations);
  return result;
}

function importSource(emulator: Emulator, fileName: string, text: string): boolean {
  return !('status' in importTable(emulator, readSourceFile(fileName, text), { onDuplicate: 'replace' }));
}
