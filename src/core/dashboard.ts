/**
 * The sidebar's dashboard, computed from the sheets alone so it is right whichever way the
 * workbook was changed (sidebar, command line, or a reviewer typing in a sheet). Its figures
 * are the verification report's, so the two never disagree.
 */
import type { Report } from './report';
import type { DashboardStep, DashboardView, RuleSummary, SourceListItem } from './rpc';

export interface DashboardInput {
  report: Report;
  /** Whether match has run at least once (its sheets exist). */
  matched: boolean;
  hasOpenPhoneKey: boolean;
  sources: SourceListItem[];
  rules?: RuleSummary[];
  reviewer?: { name: string; anonymous: boolean };
}

export function buildDashboard(input: DashboardInput): DashboardView {
  const { report } = input;
  const records = input.sources.reduce((n, s) => n + s.totalRecords, 0);
  const importParts = [
    report.conversations ? `Conversations: ✓ ${report.conversations} phone numbers` : 'Import conversations from OpenPhone or a CSV file',
  ];
  if (input.sources.length) importParts.push(`Sources: ✓ ${input.sources.length} files, ${records} records`);
  const steps: DashboardStep[] = [
    { id: 'import', title: '1. Import data', available: true, detail: importParts.join(' · ') },
    {
      id: 'match',
      title: '2. Match',
      available: report.conversations > 0,
      detail: !report.conversations
        ? 'Import conversations first'
        : input.matched
          ? `${report.contacts} contacts · ${report.conflictsPending} conflicts to review · ${report.unmapped} with no match`
          : `Match ${report.conversations} phone numbers against ${input.sources.length} sources`,
    },
    {
      id: 'review',
      title: '3. Review conflicts',
      available: input.matched,
      detail: !input.matched
        ? 'Run match first'
        : report.conflictsPending
          ? `${report.conflictsPending} conflicts to review · ${report.unmapped} numbers with no match`
          : `No conflicts left to review · ${report.unmapped} numbers with no match`,
    },
    {
      id: 'push',
      title: '4. Push to OpenPhone',
      available: input.matched && report.contacts > 0 && input.hasOpenPhoneKey,
      detail:
        !input.matched || report.contacts === 0
          ? 'Run match first: its contacts are what is pushed'
          : !input.hasOpenPhoneKey
            ? 'Save the OpenPhone API key (step 1) to push'
            : `${report.contacts} contacts · ${report.pushed} in OpenPhone`,
    },
    { id: 'verify', title: '5. Verify', available: input.matched, detail: 'Run match to see the figures' },
  ];
  return {
    conversations: report.conversations,
    unmapped: report.conversations - report.conversationsNamed,
    hasOpenPhoneKey: input.hasOpenPhoneKey,
    sources: input.sources,
    matched: input.matched,
    report,
    steps,
    rules: input.rules ?? [],
    reviewer: input.reviewer ?? { name: '', anonymous: false },
  };
}
