import { describe, expect, it } from 'vitest';
import { formatDate, groupSources, sourceGroupLine, sourceResultDetails, sourceResultLine, uploadProgressLine } from '../../sidebar/format';
import { initialState, type SidebarState, type SourceFileEntry } from '../../sidebar/state';
import { renderApp } from '../../sidebar/views/app';
import { buildReport } from '../../src/core/report';
import type { DashboardView, SourceListItem } from '../../src/core/rpc';

function item(over: Partial<SourceListItem>): SourceListItem {
  return {
    sourceId: 'S1',
    sourceType: 'propertyradar',
    profileLabel: 'PropertyRadar',
    fileName: 'pr.csv',
    sheet: 'pr',
    totalRecords: 2500,
    recordsWithPhone: 1875,
    uploadedAt: '2025-03-05T15:00:00.000Z',
    ...over,
  };
}

const sources = [
  item({ sourceId: 'S1' }),
  item({ sourceId: 'S2', fileName: 'pr2.csv', sheet: 'pr2' }),
  item({ sourceId: 'S3', sourceType: 'quickbooks', fileName: 'qb.csv', sheet: 'qb', totalRecords: 1, recordsWithPhone: 1 }),
  item({ sourceId: 'S4', sourceType: 'something-new', fileName: '<script>x</script>.csv', sheet: '<b>s</b>' }),
];

const dashboard: DashboardView = {
  conversations: 0,
  unmapped: 0,
  hasOpenPhoneKey: false,
  sources,
  matched: false,
  report: buildReport({ conversations: null, contacts: null, sources: null, conflicts: null }),
  steps: [{ id: 'import', title: '1. Import data', available: true, detail: 'Import conversations' }],
  rules: [],
  reviewer: { name: '', anonymous: false },
};

function render(over: Partial<SidebarState> = {}): string {
  return renderApp({ ...initialState(), dashboard, ...over }).markup;
}

function entry(over: Partial<SourceFileEntry>): SourceFileEntry {
  return {
    key: 'f1',
    fileName: 'a.csv',
    phase: 'ready',
    profileId: 'csv',
    profileLabel: 'Other CSV',
    choices: [
      { id: 'csv', label: 'Other CSV' },
      { id: 'openphone', label: 'OpenPhone contacts' },
    ],
    records: 3,
    ...over,
  };
}

describe('sources wording', () => {
  it('groups loaded files in the seed design words', () => {
    const groups = groupSources(sources);
    expect(groups.map(sourceGroupLine)).toEqual([
      'PropertyRadar CSVs: ✓ 2 files loaded',
      'QuickBooks: ✓ 1 file loaded',
      'Other CSVs: ✓ 1 file loaded',
    ]);
  });

  it('says a QuickBooks sync apart from files', () => {
    const synced = item({ sourceId: 'S9', sourceType: 'quickbooks', fileName: 'QuickBooks Online', sheet: 'QuickBooks', synced: true });
    const line = (items: SourceListItem[]) => groupSources(items).map(sourceGroupLine);
    expect(line([...sources, synced])).toContain('QuickBooks: ✓ 1 file loaded, customers synced');
    expect(line([synced])).toEqual(['QuickBooks: ✓ customers synced']);
  });

  it('sums up a finished file, with its problems as details', () => {
    const r = {
      ...item({}),
      phonesFound: 2610,
      skippedRows: 1,
      unreadablePhones: 3,
      problems: [{ row: 7, value: '555-0199', reason: 'too short' }],
      replaced: true,
      sourceType: 'propertyradar',
    };
    expect(sourceResultLine(r)).toBe('✓ pr.csv (replaced): 2,500 records, 1,875 with a phone, 2,610 phones found → sheet pr');
    expect(sourceResultDetails(r)).toEqual([
      '1 title or footer row skipped',
      '3 unreadable phones:',
      'Row 7: 555-0199 (too short)',
      '…and 2 more',
    ]);
    expect(uploadProgressLine({ files: 3, fileNumber: 2, rowsSent: 1200, rowsTotal: 5300 })).toBe(
      'Sending file 2 of 3: 1,200 of 5,300 records',
    );
    expect(formatDate('2025-03-05T15:00:00.000Z')).toMatch(/^Mar [45], 2025$/);
    expect(formatDate('yesterday')).toBe('yesterday');
  });
});

describe('sources view', () => {
  it('lists loaded files by group with counts, sheet and Remove, all escaped', () => {
    const markup = render();
    expect(markup).toContain('PropertyRadar CSVs: ✓ 2 files loaded');
    expect(markup).toContain('2,500 records, 1,875 with a phone · sheet pr');
    expect(markup).toContain('&lt;script&gt;x&lt;/script&gt;.csv');
    expect(markup).toContain('sheet &lt;b&gt;s&lt;/b&gt;');
    expect(markup).not.toMatch(/<script>|<b>/);
    expect(markup.match(/data-testid="source-remove"/g)).toHaveLength(4);
  });

  it('asks before removing, inline', () => {
    const markup = render({ confirmRemove: 'S3' });
    expect(markup).toContain('Remove sheet qb and its 1 record?');
    expect(markup).toMatch(/data-action="remove-source-confirm" data-source-id="S3"/);
  });

  it('shows chosen files with their format choice, and an Import button for the ready ones', () => {
    const markup = render({
      sourceFiles: [entry({}), entry({ key: 'f2', fileName: 'bad.csv', phase: 'unreadable', message: 'bad.csv: the file is empty.' })],
    });
    expect(markup).toContain('<option value="csv" selected>Other CSV</option>');
    expect(markup).toContain('bad.csv: the file is empty.');
    expect(markup).toMatch(/data-testid="source-import"[^>]*>Import 1 file</);
  });

  it('disables every source control while a call runs and shows overall progress', () => {
    const markup = render({
      busy: { action: 'sources', label: 'Importing 2 files…' },
      sourceProgress: { files: 2, fileNumber: 1, rowsSent: 2000, rowsTotal: 4000 },
      sourceFiles: [
        entry({ phase: 'uploading', sent: 2000, records: 2500 }),
        entry({ key: 'f2', phase: 'duplicate', existing: sources[0] }),
      ],
    });
    for (const id of ['source-files-input', 'source-replace', 'source-keep', 'source-remove']) {
      expect(markup).toMatch(new RegExp(`data-testid="${id}"[^>]*disabled`));
    }
    expect(markup).toContain('aria-valuenow="50"');
    expect(markup).toContain('aria-valuenow="80"');
    expect(markup).toContain('Sending file 1 of 2: 2,000 of 4,000 records');
    expect(markup).toMatch(/already imported as sheet pr on Mar [45], 2025/);
  });

  it('asks for columns with one select per header column, escaped', () => {
    const markup = render({ sourceFiles: [entry({ phase: 'mapping', header: ['Client', '<i>Tel</i>'], roles: ['name', ''] })] });
    expect(markup).toContain('&lt;i&gt;Tel&lt;/i&gt;');
    expect(markup.match(/data-testid="source-mapping-column"/g)).toHaveLength(2);
    expect(markup).toContain('<option value="name" selected>Name</option>');
  });
});
