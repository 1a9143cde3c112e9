// The server side's promises, through the built bundle in the emulator: two sidebars importing at
// once both land whole; a match cut off at any instant leaves old results or new ones, never a
// mix, with every decision kept; a workbook saved by an earlier version still works.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceImportStart } from '../../src/core/rpc';
import { readSourceFile } from '../../src/core/sources/read';
import { chunksOf, importRequest } from '../../src/core/sources/upload';
import { createEmulator, displayValues, newWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator';
import { buildDemoWorkbook } from '../../src/local/demo/demo';
import { serverOf } from '../../src/local/server-of';
import { decodeText } from '../../src/local/text-file';
import { sheet, table } from './workbook';

const SAMPLES = 'src/local/demo/samples';
const sample = (name: string) => decodeText(readFileSync(`${SAMPLES}/${name}`));
let emulators: Emulator[] = [];
afterEach(() => {
  for (const e of emulators) e.dispose();
  emulators = [];
});
function emulatorOn(workbook: WorkbookModel): Emulator {
  const e = createEmulator({ workbook });
  emulators.push(e);
  return e;
}

const RESULT_SHEETS = ['Matches', 'Conflicts', 'Contacts', 'Unmapped', 'Sources'];
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The result sheets as a reviewer sees them; times blanked, since two runs stamp different ones. */
function results(workbook: WorkbookModel): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const name of RESULT_SHEETS) {
    const s = workbook.sheets.find((x) => x.name === name && !x.hidden);
    if (s) out[name] = displayValues(s).map((r) => r.map((c) => (TIME.test(c) ? '<time>' : c)));
  }
  return out;
}

describe('two sidebars importing at once', () => {
  const a = readSourceFile('propertyradar.csv', sample('propertyradar.csv'));
  const b = readSourceFile('google-contacts.csv', sample('google-contacts.csv'));

  /** Runs a's whole upload; `during(k)` lets b's begin arrive at a's k-th service call. */
  function overlap(k: number) {
    const emulator = emulatorOn(newWorkbook('two sidebars'));
    const server = serverOf(emulator);
    let bStart: SourceImportStart | null = null;
    let refused = '';
    let arrived = false;
    emulator.onServiceCall = ({ functionName, index }) => {
      if (functionName !== 'beginSourceImport' || index !== k || arrived) return;
      arrived = true;
      try {
        bStart = server.beginSourceImport(importRequest(b));
      } catch (e) {
        refused = (e as Error).message;
      }
    };
    const aStart = server.beginSourceImport(importRequest(a));
    emulator.onServiceCall = null;
    // The refused sidebar tries again, as it tells its user to.
    bStart ??= server.beginSourceImport(importRequest(b));
    if (aStart.status !== 'started' || bStart.status !== 'started') throw new Error('an import did not start');
    // Their chunks interleave, one at a time, as two sidebars' calls would.
    const aChunks = chunksOf(a, 1);
    const bChunks = chunksOf(b, 1);
    for (let i = 0; i < Math.max(aChunks.length, bChunks.length); i++) {
      const ca = aChunks[i];
      const cb = bChunks[i];
      if (ca) server.appendSourceRows(aStart.importId, ca.index, ca.rows, ca.rowNumbers);
      if (cb) server.appendSourceRows(bStart.importId, cb.index, cb.rows, cb.rowNumbers);
    }
    server.finishSourceImport(bStart.importId);
    server.finishSourceImport(aStart.importId);
    return { emulator, refused };
  }

  it('both land whole, wherever in the first begin the second one arrives', () => {
    const probe = emulatorOn(newWorkbook('probe'));
    probe.onServiceCall = ({ functionName, index }) => void (functionName === 'beginSourceImport' && (calls = index));
    let calls = 0;
    serverOf(probe).beginSourceImport(importRequest(a));
    expect(calls).toBeGreaterThan(5);

    const messages = new Set<string>();
    for (let k = 1; k <= calls; k++) {
      const { emulator, refused } = overlap(k);
      if (refused) messages.add(refused.replace(/\d+ s ago/, 'N s ago'));
      const wb = emulator.workbook;
      expect(table(wb, 'propertyradar')).toHaveLength(a.rows.length + 1);
      expect(table(wb, 'google-contacts')).toHaveLength(b.rows.length + 1);
      expect(
        table(wb, 'Sources')
          .slice(1)
          .map((r) => r[2])
          .sort(),
      ).toEqual(['google-contacts.csv', 'propertyradar.csv']);
      expect(wb.sheets.filter((s) => s.name.startsWith('~')).map((s) => s.name)).toEqual([]);
    }
    // Arriving once the first holds the lock, the second is told plainly (naming what runs,
    // once that is noted) and changes nothing.
    expect(messages.size).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m).toMatch(
        /^Could not import google-contacts\.csv: another step is still running in this spreadsheet( \(import propertyradar\.csv, started N s ago\))?\. Try again when it has finished\.$/,
      );
    }
    expect([...messages].some((m) => m.includes('(import propertyradar.csv'))).toBe(true);
  });

  it('a call that cannot get the lock within the wait says so and changes nothing', () => {
    const workbook = newWorkbook('busy');
    const busy = createEmulator({ workbook, locksHeldElsewhere: ['document'], timeLimitMs: 60_000 });
    emulators.push(busy);
    const before = JSON.stringify(workbook);
    expect(() => serverOf(busy).importConversationsCsv('c.csv', 'Phone\n617-555-0101\n')).toThrow(
      /^Could not import the conversations: another step is still running in this spreadsheet\. Try again when it has finished\.$/,
    );
    expect(JSON.stringify(workbook)).toBe(before);
  });
});

describe('a match cut off at any instant', () => {
  it('leaves the old results or the new ones, and the next call finishes the job with every decision kept', async () => {
    const base = newWorkbook('cut off');
    const setup = emulatorOn(base);
    await buildDemoWorkbook(setup);
    serverOf(setup).runMatch();
    // A reviewer decides the first conflict in the sheet.
    const conflicts = sheet(base, 'Conflicts');
    const header = displayValues(conflicts)[0]!;
    const decided = displayValues(conflicts)[1]!;
    conflicts.cells[1]![header.indexOf('Status')]!.value = 'resolved';
    conflicts.cells[1]![header.indexOf('Decision')]!.value = '1';
    // New conversations arrive, so the next match writes different results.
    const more = readFileSync('src/local/demo/conversations.csv', 'utf8') + 'CN900001,(617) 555-0199,2026-06-01T10:00:00Z\n';
    serverOf(setup).importConversationsCsv('conversations.csv', more);
    const old = results(base);

    const clean = structuredClone(base);
    const cleanRun = emulatorOn(clean);
    let calls = 0;
    cleanRun.onServiceCall = ({ index }) => void (calls = index);
    serverOf(cleanRun).runMatch();
    const fresh = results(clean);
    expect(fresh).not.toEqual(old);

    const seen = { old: 0, fresh: 0 };
    for (let k = 1; k <= calls; k++) {
      const workbook = structuredClone(base);
      const emulator = emulatorOn(workbook);
      emulator.onServiceCall = ({ index }) => (index === k ? 'exceed-time-limit' : undefined);
      expect(() => serverOf(emulator).runMatch()).toThrow('Exceeded maximum execution time');
      emulator.onServiceCall = null;
      // A reader sees a consistent workbook: the old results, or the new ones in full.
      serverOf(emulator).getReport();
      const now = results(workbook);
      if (JSON.stringify(now) === JSON.stringify(old)) seen.old++;
      else {
        expect(now).toEqual(fresh);
        seen.fresh++;
      }
      // Running match again ends where an uninterrupted run ends, the decision still there.
      serverOf(emulator).runMatch();
      expect(results(workbook)).toEqual(fresh);
      const row = table(workbook, 'Conflicts').find((r) => r[0] === decided[0])!;
      expect([row[1], row[2]]).toEqual(['resolved', '1']);
      expect(workbook.sheets.filter((s) => s.name.startsWith('~')).map((s) => s.name)).toEqual([]);
    }
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.fresh).toBeGreaterThan(0);
  });
});

describe('a workbook saved by an earlier version', () => {
  it('reads a Sources row that names its format by a label this version no longer has', () => {
    const workbook = newWorkbook('old labels');
    const emulator = emulatorOn(workbook);
    const server = serverOf(emulator);
    const t = readSourceFile('propertyradar.csv', sample('propertyradar.csv'));
    const start = server.beginSourceImport(importRequest(t));
    if (start.status !== 'started') throw new Error('not started');
    server.appendSourceRows(start.importId, 0, t.rows, t.rowNumbers);
    server.finishSourceImport(start.importId);
    server.importConversationsCsv('c.csv', 'Phone\n617-555-0101\n');
    const fresh = server.runMatch();

    // Earlier versions stored the display label, and a label may since have been renamed.
    const sources = sheet(workbook, 'Sources');
    const profileCol = displayValues(sources)[0]!.indexOf('Profile');
    sources.cells[1]![profileCol]!.value = 'PropertyRadar export';
    const dashboard = server.getDashboard();
    expect(dashboard.sources[0]).toMatchObject({
      fileName: 'propertyradar.csv',
      profileLabel: 'PropertyRadar export',
      sourceType: 'propertyradar',
    });
    expect(server.runMatch()).toEqual(fresh);
    // Re-saving keeps what it cannot read as it was, rather than guessing over it.
    expect(displayValues(sheet(workbook, 'Sources'))[1]![profileCol]).toBe('PropertyRadar export');

    // A label this version still has is read as its format.
    sources.cells[1]![profileCol]!.value = 'PropertyRadar';
    expect(server.getDashboard().sources[0]!.profileLabel).toBe('PropertyRadar');
  });
});
