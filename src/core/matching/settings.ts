/**
 * The matcher's knobs, kept in the workbook's Settings sheet so an office manager can see and
 * change them: the two thresholds and the survivorship rules (which source wins each field).
 */
import { SOURCE_TYPES, type SourceType } from '../workbook-schema';

export interface MatchSettings {
  /** One identity at or above this confidence is applied without review. */
  autoThreshold: number;
  /** Identities below this confidence are not offered at all: the phone stays unmapped. */
  reviewThreshold: number;
  namePriority: SourceType[];
  emailPriority: SourceType[];
  addressPriority: SourceType[];
  companyPriority: SourceType[];
  /** Which given name a contact shows when records differ: `Robert` (formal), `Bob` (nickname) or the one most records use. */
  givenNameForm: GivenNameForm;
}

export const GIVEN_NAME_FORMS = ['most-used', 'formal', 'nickname'] as const;
export type GivenNameForm = (typeof GIVEN_NAME_FORMS)[number];

export const DEFAULT_SETTINGS: MatchSettings = {
  autoThreshold: 0.85,
  reviewThreshold: 0.5,
  // QuickBooks customers were typed by the office for people it worked for: their names win.
  namePriority: ['quickbooks', 'openphone', 'csv', 'propertyradar'],
  emailPriority: ['quickbooks', 'openphone', 'csv', 'propertyradar'],
  // PropertyRadar's address is the property itself, where the work is done.
  addressPriority: ['quickbooks', 'propertyradar', 'openphone', 'csv'],
  companyPriority: ['quickbooks', 'openphone', 'csv', 'propertyradar'],
  givenNameForm: 'most-used',
};

export const SETTINGS_SHEET = 'Settings';
export const SETTINGS_HEADER = ['Setting', 'Value', 'Meaning'];

const ROWS: Array<{ name: string; key: keyof MatchSettings; meaning: string }> = [
  { name: 'Auto threshold', key: 'autoThreshold', meaning: 'One identity with at least this confidence (0–1) is applied without review.' },
  {
    name: 'Review threshold',
    key: 'reviewThreshold',
    meaning: 'Identities below this confidence are not offered; the phone stays unmapped.',
  },
  {
    name: 'Name source priority',
    key: 'namePriority',
    meaning: 'Which source the contact name is taken from, whole (first and last from one source).',
  },
  { name: 'Email source priority', key: 'emailPriority', meaning: 'Order of the emails kept on a contact; the first is the primary one.' },
  { name: 'Address source priority', key: 'addressPriority', meaning: 'Which source the address is taken from.' },
  { name: 'Company source priority', key: 'companyPriority', meaning: 'Which source the company is taken from.' },
  {
    name: 'Given name form',
    key: 'givenNameForm',
    meaning: 'most-used: the given name most records use (ties: name source priority); formal: Robert over Bob; nickname: Bob over Robert.',
  },
];

export function settingsRows(settings: MatchSettings): string[][] {
  return ROWS.map((r) => {
    const value = settings[r.key];
    return [r.name, Array.isArray(value) ? value.join(', ') : String(value), r.meaning];
  });
}

/** Settings from the sheet's (Setting, Value) pairs; a value that cannot be read is reported, never guessed. */
export function readSettings(rows: ReadonlyArray<{ name: string; value: string }> | null): { settings: MatchSettings; problems: string[] } {
  const settings: MatchSettings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const row of rows ?? []) {
    const def = ROWS.find((r) => r.name.toLowerCase() === row.name.trim().toLowerCase());
    if (!def) continue;
    const raw = row.value.trim();
    if (def.key === 'autoThreshold' || def.key === 'reviewThreshold') {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n) || n < 0 || n > 1)
        problems.push(`Settings: "${def.name}" must be a number from 0 to 1 (found "${raw}").`);
      else settings[def.key] = n;
    } else if (def.key === 'givenNameForm') {
      const form = raw.toLowerCase() as GivenNameForm;
      if (GIVEN_NAME_FORMS.includes(form)) settings.givenNameForm = form;
      else problems.push(`Settings: "${def.name}" must be one of ${GIVEN_NAME_FORMS.join(', ')} (found "${raw}").`);
    } else {
      const list = raw
        .split(/[,;]/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const bad = list.filter((s) => !SOURCE_TYPES.includes(s as SourceType));
      if (bad.length)
        problems.push(`Settings: "${def.name}" names unknown source types: ${bad.join(', ')} (use ${SOURCE_TYPES.join(', ')}).`);
      else {
        // Source types left out keep their default order after the listed ones.
        const rest = DEFAULT_SETTINGS[def.key].filter((t) => !list.includes(t));
        settings[def.key] = [...(list as SourceType[]), ...rest];
      }
    }
  }
  if (settings.reviewThreshold > settings.autoThreshold) {
    problems.push(`Settings: the review threshold (${settings.reviewThreshold}) is above the auto threshold (${settings.autoThreshold}).`);
  }
  return { settings, problems };
}
