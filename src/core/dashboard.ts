/**
 * The sidebar's dashboard, computed from the sheets alone so it is right whichever way the
 * workbook was changed (sidebar, command line, or a reviewer typing in a sheet).
 */
import type { DashboardStep, DashboardView, SourceListItem } from './rpc';

export interface DashboardInput {
  conversations: { header: string[]; rows: string[][] } | null;
  contacts: { header: string[]; rows: string[][] } | null;
  hasOpenPhoneKey: boolean;
  sources: SourceListItem[];
}

export function buildDashboard(input: DashboardInput): DashboardView {
  const conversationPhones = new Set(
    (input.conversations?.rows ?? []).map((r) => r[0] ?? '').filter((p) => p !== ''),
  );
  const named = namedPhones(input.contacts);
  let unmapped = 0;
  conversationPhones.forEach((p) => {
    if (!named.has(p)) unmapped++;
  });
  const steps: DashboardStep[] = [
    {
      id: 'import',
      title: '1. Import data',
      available: true,
      detail: conversationPhones.size
        ? `Conversations: ✓ ${conversationPhones.size} phone numbers`
        : 'Import conversations from OpenPhone or a CSV file',
    },
    { id: 'match', title: '2. Match', available: false, detail: 'Automatic matching arrives in the next version' },
    { id: 'review', title: '3. Review & push', available: false, detail: 'Conflict review and push arrive in a later version' },
  ];
  return { conversations: conversationPhones.size, unmapped, hasOpenPhoneKey: input.hasOpenPhoneKey, sources: input.sources, steps };
}

/** Phones of Contacts rows that carry a name or company. */
function namedPhones(contacts: DashboardInput['contacts']): Set<string> {
  const phones = new Set<string>();
  if (!contacts) return phones;
  const col = (name: string) => contacts.header.indexOf(name);
  const [phonesCol, firstCol, lastCol, companyCol] = ['Phones', 'First Name', 'Last Name', 'Company'].map(col);
  for (const row of contacts.rows) {
    const hasName = [firstCol, lastCol, companyCol].some((c) => c! >= 0 && (row[c!] ?? '').trim() !== '');
    if (!hasName) continue;
    for (const p of (row[phonesCol!] ?? '').split(',')) if (p.trim()) phones.add(p.trim());
  }
  return phones;
}

