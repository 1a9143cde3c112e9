// The sidebar's source upload against a fake server that behaves as the add-on's does.
import { describe, expect, it } from 'vitest';
import type { DashboardView, SourceImportRequest, SourceImportStart, SourceImportSummary, SourceListItem } from '../../src/core/rpc';
import { buildReport } from '../../src/core/report';
import { guessColumnMapping } from '../../src/core/sources/profiles';
import { readSourceFile } from '../../src/core/sources/read';
import {
  mappingFromRoles,
  profileChoices,
  rolesFromMapping,
  SourceUploads,
  uploadTable,
  type UploadServer,
} from '../../sidebar/source-upload';
import type { SourceFileEntry } from '../../sidebar/state';
import { propertyRadarCsv } from '../fixtures/propertyradar';

const EMPTY_REPORT = buildReport({ conversations: null, contacts: null, sources: null, conflicts: null });
const OLD_UPLOAD = '2025-03-05T15:00:00.000Z';

/** The add-on's import as far as the sidebar can see it, with failures on demand. */
class FakeServer implements UploadServer {
  calls: string[] = [];
  /** Rows written to each import's sheet, in order. */
  written = new Map<string, string[][]>();
  sources: SourceListItem[] = [];
  hashes = new Map<string, string>();
  /** Calls of these names fail this many times before they succeed. */
  failures: Record<string, number> = {};
  /** When set, the next finish does its work and then "loses" its answer. */
  loseFinishAnswer = false;
  private imports = new Map<string, { request: SourceImportRequest; next: number; sourceId: string }>();
  private nextId = 1;

  private fail(name: string, message = 'NetworkError: Connection failure due to HTTP 0'): void {
    if ((this.failures[name] ?? 0) > 0) {
      this.failures[name]!--;
      throw new Error(message);
    }
  }

  async beginSourceImport(request: SourceImportRequest): Promise<SourceImportStart> {
    this.calls.push(`begin ${request.fileName}${request.onDuplicate ? ` ${request.onDuplicate}` : ''}${request.mapping ? ' mapped' : ''}`);
    const existing = this.sources.find((s) => this.hashes.get(s.sourceId) === request.fileHash);
    if (existing && request.onDuplicate !== 'replace') return { status: 'duplicate', existing };
    const mapping = request.mapping ?? guessColumnMapping(request.header);
    if (request.profileId === 'csv' && mapping.phones.length === 0)
      return { status: 'needs-mapping', header: request.header, guess: mapping };
    const importId = `I${this.nextId++}`;
    const sourceId = existing?.sourceId ?? `S${this.nextId++}`;
    this.imports.set(importId, { request, next: 0, sourceId });
    this.written.set(importId, []);
    return { status: 'started', importId, sourceId, sheet: request.fileName.replace(/\.csv$/, ''), chunkRows: 2 };
  }

  async appendSourceRows(importId: string, chunkIndex: number, rows: string[][]) {
    this.calls.push(`chunk ${chunkIndex}`);
    this.fail('append');
    const state = this.imports.get(importId)!;
    if (chunkIndex === state.next) {
      this.written.get(importId)!.push(...rows);
      state.next++;
    }
    // The write happened; only the answer is lost.
    this.fail('appendAnswer');
    return { importId, nextChunk: state.next, rowsReceived: this.written.get(importId)!.length };
  }

  async finishSourceImport(importId: string): Promise<SourceImportSummary> {
    this.calls.push('finish');
    this.fail('finish');
    const state = this.imports.get(importId);
    if (!state) throw new Error('UserError: This upload was cancelled or has expired; start it again.');
    const { request, sourceId } = state;
    const item: SourceListItem = {
      sourceId,
      sourceType: 'propertyradar',
      profileLabel: 'PropertyRadar',
      fileName: request.fileName,
      sheet: request.fileName.replace(/\.csv$/, ''),
      totalRecords: this.written.get(importId)!.length,
      recordsWithPhone: 1,
      uploadedAt: '2025-04-01T12:00:00.000Z',
    };
    this.sources = [...this.sources.filter((s) => s.sourceId !== sourceId), item];
    this.hashes.set(sourceId, request.fileHash);
    this.imports.delete(importId);
    if (this.loseFinishAnswer) {
      this.loseFinishAnswer = false;
      throw new Error('NetworkError: Connection failure due to HTTP 0');
    }
    return { ...item, phonesFound: 1, skippedRows: 0, unreadablePhones: 0, problems: [], replaced: Boolean(request.onDuplicate) };
  }

  async cancelSourceImport(importId: string): Promise<DashboardView> {
    this.calls.push('cancel');
    this.imports.delete(importId);
    this.written.delete(importId);
    return this.getDashboard();
  }

  async getDashboard(): Promise<DashboardView> {
    return {
      conversations: 0,
      unmapped: 0,
      hasOpenPhoneKey: false,
      sources: this.sources,
      matched: false,
      report: EMPTY_REPORT,
      steps: [],
      rules: [],
      reviewer: { name: '', anonymous: false },
    };
  }
}

const noWait = async () => undefined;
const PEOPLE = 'Name,Phone\nAnn Lee,617-555-0101\nBo Chan,617-555-0102\nCy Diaz,617-555-0103\nDee Fox,617-555-0104\nEd Gray,617-555-0105\n';
const ODD = 'Client,Reach me at,E-mail\nAnn Lee,617-555-0101,ann@example.com\nBo Chan,617-555-0102,bo@example.com\n';

function harness() {
  const server = new FakeServer();
  const waits: number[] = [];
  let entries: SourceFileEntry[] = [];
  const uploads = new SourceUploads(
    server,
    (e) => (entries = e),
    async (ms) => {
      waits.push(ms);
    },
  );
  const entry = (name: string) => entries.find((e) => e.fileName === name)!;
  return { server, uploads, waits, entry, entries: () => entries };
}

describe('sending a source file in chunks', () => {
  it('sends every chunk in order, reports progress and finishes', async () => {
    const server = new FakeServer();
    const table = readSourceFile('people.csv', PEOPLE);
    const progress: number[] = [];
    const outcome = await uploadTable(server, table, {}, { wait: noWait, onProgress: (n) => progress.push(n) });
    expect(outcome).toMatchObject({ status: 'done', result: { fileName: 'people.csv', totalRecords: 5 } });
    expect(server.calls).toEqual(['begin people.csv', 'chunk 0', 'chunk 1', 'chunk 2', 'finish']);
    expect(progress).toEqual([2, 4, 5]);
  });

  it('retries a chunk whose answer was lost without writing its rows twice', async () => {
    const server = new FakeServer();
    server.failures.appendAnswer = 2;
    const waits: number[] = [];
    const outcome = await uploadTable(
      server,
      readSourceFile('people.csv', PEOPLE),
      {},
      { wait: async (ms) => void waits.push(ms), onProgress: () => undefined },
    );
    expect(outcome.status).toBe('done');
    expect(server.calls).toEqual(['begin people.csv', 'chunk 0', 'chunk 0', 'chunk 0', 'chunk 1', 'chunk 2', 'finish']);
    expect(waits).toEqual([500, 1500]);
    expect(server.sources[0]!.totalRecords).toBe(5);
  });

  it('gives up after three retries, cancels the import and names the file and rows', async () => {
    const server = new FakeServer();
    server.failures.append = 4;
    const table = readSourceFile('people.csv', PEOPLE);
    await expect(uploadTable(server, table, {}, { wait: noWait, onProgress: () => undefined })).rejects.toThrow(
      /^people\.csv: the upload stopped at rows 2–3 \(Connection failure due to HTTP 0\)\. Nothing from this file was kept/,
    );
    expect(server.calls).toEqual(['begin people.csv', 'chunk 0', 'chunk 0', 'chunk 0', 'chunk 0', 'cancel']);
    expect(server.sources).toEqual([]);
    expect(server.written.size).toBe(0);
  });

  it('does not retry what the server said about the data, and cancels', async () => {
    const server = new FakeServer();
    const table = readSourceFile('people.csv', PEOPLE);
    server.appendSourceRows = async () => {
      server.calls.push('chunk');
      throw new Error('UserError: people.csv: row 4, column 1: a cell holds 60000 characters; Google Sheets takes at most 50000.');
    };
    await expect(uploadTable(server, table, {}, { wait: noWait, onProgress: () => undefined })).rejects.toThrow(
      'people.csv: the upload stopped at rows 2–3 (row 4, column 1: a cell holds 60000 characters',
    );
    expect(server.calls).toEqual(['begin people.csv', 'chunk', 'cancel']);
  });

  it('recognises a finish that did its work though its answer was lost', async () => {
    const server = new FakeServer();
    server.loseFinishAnswer = true;
    const outcome = await uploadTable(server, readSourceFile('people.csv', PEOPLE), {}, { wait: noWait, onProgress: () => undefined });
    expect(outcome).toMatchObject({ status: 'done', result: { fileName: 'people.csv', sheet: 'people', totalRecords: 5 } });
    expect(server.calls.filter((c) => c === 'finish')).toHaveLength(1);
    expect(server.sources).toHaveLength(1);
  });
});

describe('the chosen files', () => {
  it('reads several files, imports them one after another and keeps going past a bad one', async () => {
    const h = harness();
    h.uploads.addText('pr.csv', propertyRadarCsv(5));
    h.uploads.addText('empty.csv', '');
    h.uploads.addText('people.csv', PEOPLE);
    h.uploads.addRefused('huge.csv', 'huge.csv: the file is 60.0 MB; files up to 50.0 MB can be uploaded.');
    expect(h.entry('pr.csv')).toMatchObject({ phase: 'ready', profileId: 'propertyradar', records: 5 });
    expect(h.entry('empty.csv')).toMatchObject({ phase: 'unreadable', message: 'empty.csv: the file is empty.' });
    expect(h.uploads.readyCount()).toBe(2);
    await h.uploads.importReady();
    expect(h.entry('pr.csv')).toMatchObject({ phase: 'done', sent: 5 });
    expect(h.entry('people.csv')).toMatchObject({ phase: 'done', result: { totalRecords: 5 } });
    expect(h.entry('huge.csv').phase).toBe('unreadable');
    expect(h.server.calls.filter((c) => c.startsWith('begin'))).toEqual(['begin pr.csv', 'begin people.csv']);
    h.uploads.clearFinished();
    expect(h.entries()).toEqual([]);
  });

  it('asks about a file imported before: Keep sends nothing, Replace begins again with replace', async () => {
    const h = harness();
    h.server.sources = [
      {
        sourceId: 'S9',
        sourceType: 'csv',
        profileLabel: 'Other CSV',
        fileName: 'people.csv',
        sheet: 'people',
        totalRecords: 5,
        recordsWithPhone: 5,
        uploadedAt: OLD_UPLOAD,
      },
    ];
    h.server.hashes.set('S9', readSourceFile('people.csv', PEOPLE).fileHash);
    h.uploads.addText('people.csv', PEOPLE);
    h.uploads.addText('again.csv', PEOPLE);
    await h.uploads.importReady();
    expect(h.entry('people.csv')).toMatchObject({ phase: 'duplicate', existing: { sheet: 'people', uploadedAt: OLD_UPLOAD } });
    expect(h.entry('again.csv').phase).toBe('duplicate');

    h.uploads.keep(h.entry('again.csv').key);
    expect(h.entry('again.csv').phase).toBe('kept');
    const callsBefore = h.server.calls.length;
    await h.uploads.replace(h.entry('again.csv').key);
    expect(h.server.calls.length).toBe(callsBefore);

    await h.uploads.replace(h.entry('people.csv').key);
    expect(h.entry('people.csv')).toMatchObject({ phase: 'done', result: { sourceId: 'S9', replaced: true } });
    expect(h.server.calls).toContain('begin people.csv replace');
    expect(h.server.sources).toHaveLength(1);
  });

  it('asks for the columns when no phone column is known, and begins again with the mapping', async () => {
    const h = harness();
    h.uploads.addText('odd.csv', ODD);
    await h.uploads.importReady();
    const asked = h.entry('odd.csv');
    expect(asked).toMatchObject({ phase: 'mapping', header: ['Client', 'Reach me at', 'E-mail'], roles: ['name', '', 'emails'] });

    await h.uploads.applyMapping(asked.key, ['name', '', 'emails']);
    expect(h.entry('odd.csv')).toMatchObject({ phase: 'mapping', message: 'Choose the column that holds phone numbers (Phone).' });
    expect(h.server.calls).toEqual(['begin odd.csv']);

    await h.uploads.applyMapping(asked.key, ['name', 'phones', 'emails']);
    expect(h.entry('odd.csv')).toMatchObject({ phase: 'done', result: { totalRecords: 2 } });
    expect(h.server.calls).toEqual(['begin odd.csv', 'begin odd.csv mapped', 'chunk 0', 'finish']);
  });

  it('keeps a replace decision when the columns are asked for afterwards', async () => {
    const h = harness();
    h.server.sources = [
      {
        sourceId: 'S9',
        sourceType: 'csv',
        profileLabel: 'Other CSV',
        fileName: 'odd.csv',
        sheet: 'odd',
        totalRecords: 2,
        recordsWithPhone: 2,
        uploadedAt: OLD_UPLOAD,
      },
    ];
    h.server.hashes.set('S9', readSourceFile('odd.csv', ODD).fileHash);
    h.uploads.addText('odd.csv', ODD);
    await h.uploads.importReady();
    await h.uploads.replace(h.entry('odd.csv').key);
    expect(h.entry('odd.csv').phase).toBe('mapping');
    await h.uploads.applyMapping(h.entry('odd.csv').key, ['name', 'phones', 'emails']);
    expect(h.server.calls).toContain('begin odd.csv replace mapped');
    expect(h.entry('odd.csv')).toMatchObject({ phase: 'done', result: { sourceId: 'S9' } });
  });

  it('marks a failed upload, cancels it on the server, and can send it again from the start', async () => {
    const h = harness();
    h.server.failures.append = 4;
    h.uploads.addText('people.csv', PEOPLE);
    await h.uploads.importReady();
    expect(h.entry('people.csv')).toMatchObject({ phase: 'failed', message: expect.stringMatching(/^people\.csv: the upload stopped/) });
    expect(h.server.calls.at(-1)).toBe('cancel');
    expect(h.waits).toEqual([500, 1500, 3000]);
    await h.uploads.retry(h.entry('people.csv').key);
    expect(h.entry('people.csv').phase).toBe('done');
    expect(h.server.sources[0]!.totalRecords).toBe(5);
  });

  it('lets the user choose another format before the upload', () => {
    const h = harness();
    h.uploads.addText('people.csv', PEOPLE);
    const e = h.entry('people.csv');
    expect(e.profileId).toBe('csv');
    expect(e.choices!.map((c) => c.id)).toEqual(
      expect.arrayContaining(['propertyradar', 'quickbooks-online-customers', 'openphone', 'csv']),
    );
    h.uploads.setProfile(e.key, 'openphone');
    expect(h.entry('people.csv')).toMatchObject({ profileId: 'openphone', phase: 'ready' });
  });
});

describe('column mapping form', () => {
  it('gives each column one role from the guess and turns roles back into a mapping', () => {
    expect(rolesFromMapping(4, { name: 0, phones: [1, 2], emails: [3], address: [], company: 0 })).toEqual([
      'name',
      'phones',
      'phones',
      'emails',
    ]);
    expect(mappingFromRoles(['A', 'B', 'C'], ['firstName', 'phones', 'address'])).toEqual({
      firstName: 0,
      phones: [1],
      emails: [],
      address: [2],
    });
    expect(mappingFromRoles(['A', 'B', 'C'], ['name', 'name', 'phones'])).toBe('Only one column can be Name: "A" and "B" are both chosen.');
  });

  it('offers the detected formats first, then every other one', () => {
    const choices = profileChoices(readSourceFile('pr.csv', propertyRadarCsv(2)));
    expect(choices[0]!.id).toBe('propertyradar');
    expect(new Set(choices.map((c) => c.id)).size).toBe(choices.length);
    expect(choices.map((c) => c.id)).toContain('quickbooks-desktop');
  });
});
