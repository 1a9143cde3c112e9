/**
 * Deterministic workspace data for the mock: the same seed gives the same conversations, so
 * tests and benchmarks can state exact expectations.
 */
import type { ApiConversation } from '../../core/openphone/types';

export interface ApiPhoneNumber {
  id: string;
  groupId: string;
  name: string;
  number: string;
  formattedNumber: string | null;
  forward: string | null;
  portRequestId: string | null;
  portingStatus: string | null;
  symbol: string | null;
  users: Array<{ id: string; email: string; firstName: string | null; lastName: string | null; role: string; groupId: string }>;
  createdAt: string;
  updatedAt: string;
  restrictions: Record<'messaging' | 'calling', Record<'CA' | 'US' | 'Intl', 'restricted' | 'unrestricted'>>;
}

export interface Workspace {
  phoneNumbers: ApiPhoneNumber[];
  conversations: ApiConversation[];
}

export interface FixtureOptions {
  /** Number of conversations (default 7,000, the size of the real workspace). */
  conversations?: number;
  seed?: number;
  /** Use these other-party numbers (E.164) for the first conversations, e.g. to line up with demo sources. */
  participants?: string[];
}

const AREA_CODES = ['617', '508', '781', '978', '774', '339', '857', '413', '401', '603'];
const LINES = [
  { id: 'PNmain0001', name: 'Main line', number: '+16175550100', symbol: '🏠' },
  { id: 'PNsales002', name: 'Sales', number: '+16175550199', symbol: '💼' },
];

/** Small seeded PRNG (mulberry32): no dependency, same sequence everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildWorkspace(options: FixtureOptions = {}): Workspace {
  const count = options.conversations ?? 7000;
  const rand = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const created = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 10, 1) - created;
  const used = new Set<string>();
  const freshNumber = (): string => {
    for (;;) {
      // Exchange 2xx-9xx and a non-555 pattern keep the numbers valid for libphonenumber.
      const exchange = 200 + Math.floor(rand() * 790);
      const line = String(Math.floor(rand() * 10000)).padStart(4, '0');
      const n = `+1${pick(AREA_CODES)}${exchange}${line}`;
      if (exchange !== 555 && !used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  const given = [...(options.participants ?? [])];
  given.forEach((p) => used.add(p));
  const conversations: ApiConversation[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rand();
    let participants: string[];
    if (i < given.length) participants = [given[i]!];
    // A few numbers talk to both lines, and a few threads are group texts: both are real and
    // are what makes "one row per distinct phone" differ from "one row per conversation".
    else if (roll < 0.03 && conversations.length > 0) participants = [...pick(conversations).participants.slice(0, 1)];
    else if (roll < 0.04) participants = [freshNumber(), freshNumber()];
    else participants = [freshNumber()];
    const createdAt = created + Math.floor(rand() * span);
    const lastActivity = createdAt + Math.floor(rand() * (Date.UTC(2026, 10, 20) - createdAt));
    conversations.push({
      id: `CN${(i + 1).toString(16).padStart(8, '0')}${Math.floor(rand() * 0xffff)
        .toString(16)
        .padStart(4, '0')}`,
      phoneNumberId: roll < 0.5 ? LINES[0]!.id : LINES[1]!.id,
      participants,
      name: null,
      assignedTo: rand() < 0.3 ? 'US123abc' : null,
      createdAt: iso(createdAt),
      updatedAt: iso(lastActivity),
      lastActivityAt: iso(lastActivity),
      lastActivityId: `AC${Math.floor(rand() * 1e12).toString(16)}`,
      deletedAt: null,
      mutedUntil: null,
      snoozedUntil: null,
    });
  }
  // The API lists the most recently active conversation first.
  conversations.sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''));
  return { phoneNumbers: LINES.map(phoneNumber), conversations };
}

function phoneNumber(line: (typeof LINES)[number]): ApiPhoneNumber {
  const unrestricted = { CA: 'unrestricted', US: 'unrestricted', Intl: 'unrestricted' } as const;
  return {
    ...line,
    groupId: 'GR0001',
    formattedNumber: `(${line.number.slice(2, 5)}) ${line.number.slice(5, 8)}-${line.number.slice(8)}`,
    forward: null,
    portRequestId: null,
    portingStatus: null,
    users: [{ id: 'US123abc', email: 'office@example.com', firstName: 'Office', lastName: 'Staff', role: 'owner', groupId: 'GR0001' }],
    createdAt: '2023-06-01T12:00:00Z',
    updatedAt: '2023-06-01T12:00:00Z',
    restrictions: { messaging: { ...unrestricted }, calling: { ...unrestricted } },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
