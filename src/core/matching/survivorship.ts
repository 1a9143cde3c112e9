/**
 * Which value survives on a contact made of several source records. Rules per field come
 * from Settings: source priority per field, blanks filled from the next source, every distinct
 * email kept with the primary first, and the name chosen by `chooseName`.
 */
import { compareNames, editDistance, isEntity, normalizeToken, personalEmails, type Reason } from './compare';
import type { MatchSettings } from './settings';
import type { MatchPerson } from './types';

export interface ContactFields {
  firstName: string;
  lastName: string;
  company: string;
  emails: string[];
  address: string;
  sources: string[];
  extras: Record<string, string>;
  /** When the name was re-oriented or a spelling out-voted, for `Why`. */
  nameReasons: Reason[];
}

function byPriority(members: MatchPerson[], order: string[]): MatchPerson[] {
  return [...members].sort((a, b) => order.indexOf(a.sourceType) - order.indexOf(b.sourceType));
}

/** How far a record's first/last orientation can be trusted: its own columns beat free text. */
const SHAPE_TRUST: Record<string, number> = { columns: 3, comma: 2, owner: 2, free: 1, none: 0 };

interface NameForm {
  first: string;
  last: string;
  member: MatchPerson;
  rank: number;
}

const key = (s: string) => normalizeToken(s).replace(/[\s-]+/g, '');
const isInitialForm = (s: string) => key(s).length <= 1;

/**
 * The contact's name, chosen the way a person would: the orientation of a record with its own
 * First/Last columns; the spelling most agreeing records use (a one-off typo is out-voted);
 * a full given name over an initial; the formal name or the nickname as Settings say.
 */
export function chooseName(members: MatchPerson[], settings: MatchSettings): { firstName: string; lastName: string; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const named = byPriority(
    members.filter((m) => (m.firstName || m.lastName) && !isEntity(m)),
    settings.namePriority,
  );
  if (named.length === 0) return { firstName: '', lastName: '', reasons };
  const rank = (m: MatchPerson) => settings.namePriority.indexOf(m.sourceType);
  const anchor = [...named].sort(
    (a, b) => (SHAPE_TRUST[b.nameShape ?? 'free'] ?? 1) - (SHAPE_TRUST[a.nameShape ?? 'free'] ?? 1) || rank(a) - rank(b),
  )[0]!;
  const forms: NameForm[] = named.map((m) => {
    if (m !== anchor && compareNames(anchor, m).swapped) {
      reasons.push({
        field: 'name',
        level: 'reoriented',
        label: `name: ${[m.firstName, m.lastName].join(' ')} read as ${m.lastName} ${m.firstName} (the order of ${anchor.sourceName})`,
      });
      return { first: m.lastName, last: m.firstName, member: m, rank: rank(m) };
    }
    // A couple's record agrees through its partner: `John & Jane Smith` beside Jane Smith is Jane.
    const partner = m.others?.find((o) => m !== anchor && key(o.firstName) === key(anchor.firstName));
    if (partner) return { first: partner.firstName, last: partner.lastName || m.lastName, member: m, rank: rank(m) };
    return { first: m.firstName, last: m.lastName, member: m, rank: rank(m) };
  });
  // A lone word that is another record's surname is a surname here too: `Howard` beside Donna Howard.
  for (const f of forms) {
    if (f.first && !f.last && forms.some((g) => g !== f && key(g.last) === key(f.first))) {
      f.last = f.first;
      f.first = '';
    }
  }
  // A stray space out-voted by the records without it: `Wa Shington` beside `Washington`.
  for (const f of forms) {
    const middle = f.member.middleName ?? '';
    if (!middle || f.member === anchor) continue;
    const joinedLast = key(`${middle}${f.last}`);
    const joinedFirst = key(`${f.first}${middle}`);
    const other = forms.find((g) => g !== f && (key(g.last) === joinedLast || key(g.first) === joinedFirst));
    if (other && key(other.last) === joinedLast) f.last = other.last;
    else if (other) f.first = other.first;
  }
  // Free text alone cannot tell `Murphy Charles` from `Charles Murphy`; an email can
  // (`charles.murphy@`, `cmurphy@`): when one spells the other order and none this one, flip.
  if ((SHAPE_TRUST[anchor.nameShape ?? 'free'] ?? 1) <= 1) {
    const locals = members.flatMap((m) => personalEmails(m)).map((e) => e.split('@')[0]!.replace(/\d+/g, ''));
    // Only the given-name-first forms say which word is the given name: `first.last`, `flast`, `firstlast`.
    const givenFirst = (first: string, last: string) => {
      const [f, l] = [key(first), key(last)];
      return (
        f.length > 1 &&
        l.length > 1 &&
        locals.some((x) => x === `${f}.${l}` || x === `${f}_${l}` || x === `${f}${l}` || x === `${f[0]}${l}`)
      );
    };
    if (
      anchor.firstName &&
      anchor.lastName &&
      givenFirst(anchor.lastName, anchor.firstName) &&
      !givenFirst(anchor.firstName, anchor.lastName)
    ) {
      reasons.push({
        field: 'name',
        level: 'reoriented',
        label: `name: ${anchor.firstName} ${anchor.lastName} read as ${anchor.lastName} ${anchor.firstName} (the email)`,
      });
      for (const f of forms) [f.first, f.last] = [f.last, f.first];
    }
  }
  const locals = members.flatMap((m) => m.emails.map((e) => e.split('@')[0]!.toLowerCase()));
  const last = vote(
    forms.map((f) => f.last),
    forms,
    'surname',
    reasons,
    locals,
  );
  const full = forms.filter((f) => f.first && !isInitialForm(f.first));
  const givenForms = full.length ? full : forms.filter((f) => f.first);
  let first = '';
  if (givenForms.length) {
    const preference = settings.givenNameForm;
    let pool = givenForms;
    if (preference !== 'most-used') {
      // Formal names are the longer of a nickname pair: Robert over Bob, Jacqueline over Jackie.
      const longest = Math.max(...givenForms.map((f) => key(f.first).length));
      const shortest = Math.min(...givenForms.map((f) => key(f.first).length));
      pool = givenForms.filter((f) => key(f.first).length === (preference === 'formal' ? longest : shortest));
    }
    first = vote(
      pool.map((f) => f.first),
      pool,
      'given name',
      reasons,
      locals,
    );
  }
  return { firstName: first, lastName: last, reasons };
}

/**
 * The spelling most records agree on; a spelling within a typo of a more common one is
 * out-voted by it (`Ramirze` by two `Ramirez`). Ties go to the source priority.
 */
function vote(values: string[], forms: NameForm[], what: string, reasons: Reason[], emailLocals: string[]): string {
  const counts = new Map<string, { count: number; trust: number; rank: number; text: string }>();
  values.forEach((v, i) => {
    if (!v) return;
    const k = key(v);
    const c = counts.get(k);
    // Typed mixed case beats a proper-cased capitals cell of the same spelling only by priority.
    const trust = SHAPE_TRUST[forms[i]!.member.nameShape ?? 'free'] ?? 1;
    if (c) {
      c.count++;
      c.trust = Math.max(c.trust, trust);
    } else counts.set(k, { count: 1, trust, rank: forms[i]!.rank, text: v });
  });
  if (counts.size === 0) return '';
  // More records first; then a spelling an email agrees with (`isaac.torres@` for Torres over
  // Trores); then a record's own First/Last columns over free text; then priority.
  const inEmail = (k: string) => (k.length > 2 && emailLocals.some((l) => l.includes(k)) ? 1 : 0);
  const ranked = [...counts.entries()].sort(
    (a, b) => b[1].count - a[1].count || inEmail(b[0]) - inEmail(a[0]) || b[1].trust - a[1].trust || a[1].rank - b[1].rank,
  );
  const [winnerKey, winner] = ranked[0]!;
  for (const [k, c] of ranked.slice(1)) {
    if (c.count < winner.count && editDistance(k, winnerKey) <= 2) {
      reasons.push({
        field: 'name',
        level: 'out-voted',
        label: `name: ${what} ${winner.text} (${winner.count} records) over ${c.text} (${c.count})`,
      });
    }
  }
  return winner.text;
}

export function survive(members: MatchPerson[], settings: MatchSettings): ContactFields {
  const name = chooseName(members, settings);
  const company =
    byPriority(
      members.filter((m) => m.company),
      settings.companyPriority,
    )[0]?.company ?? '';
  const emails: string[] = [];
  const ordered = byPriority(members, settings.emailPriority);
  for (const m of ordered) for (const e of personalEmails(m)) if (!emails.includes(e)) emails.push(e);
  // Business mailboxes (office@, billing@) are kept, after the personal ones.
  for (const m of ordered) for (const e of m.emails) if (!emails.includes(e)) emails.push(e);
  const address =
    byPriority(
      members.filter((m) => m.address),
      settings.addressPriority,
    )[0]?.address ?? '';
  const sources = [...new Set(members.map((m) => m.sourceName))].sort();
  const extras: Record<string, string> = {};
  for (const m of members) {
    for (const [k, v] of Object.entries(m.extras)) {
      if (!v) continue;
      // Entry by entry: two records listing the same jobs in another order show each job once.
      const entries = extras[k] ? extras[k]!.split('; ') : [];
      for (const e of v.split('; ')) if (!entries.includes(e)) entries.push(e);
      extras[k] = entries.join('; ');
    }
  }
  for (const k of Object.keys(extras)) extras[k] = capHistory(extras[k]!);
  return {
    firstName: name.firstName,
    lastName: name.lastName,
    nameReasons: name.reasons,
    company,
    emails,
    address,
    sources,
    extras,
  };
}

/** A cell holds at most 50,000 characters; a customer's history is kept readable well inside that. */
export const HISTORY_CHARS = 5000;

/** `a; b; c; …`: a long history keeps its first entries and says how many more there are. */
export function capHistory(text: string): string {
  if (text.length <= HISTORY_CHARS) return text;
  const entries = text.split('; ');
  const kept: string[] = [];
  let length = 0;
  for (const e of entries) {
    if (length + e.length + 2 > HISTORY_CHARS - 40) break;
    kept.push(e);
    length += e.length + 2;
  }
  if (kept.length === 0) return `${text.slice(0, HISTORY_CHARS - 40)}… (cut at ${HISTORY_CHARS} characters)`;
  return `${kept.join('; ')}; … and ${entries.length - kept.length} more`;
}
