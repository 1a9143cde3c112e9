/**
 * Field-by-field comparison of two people who share a phone, the way Splink's comparison-level
 * library does it: per field an ordered list of levels, each with its test, its label for `Why`
 * and its weight, all in one table (`COMPARISON_LEVELS`). The first level whose test holds is
 * the pair's level for that field; the levels decide whether the two can be one identity and how
 * sure that is. Reasons are structured values (field, level, label), so no code parses words.
 */
import { isEntityName } from '../names';
import { jaroWinkler } from './jaro-winkler';
import { isKnownGivenName, nicknameEquivalent } from './nicknames';
import type { MatchPerson } from './types';

export type NameLevel =
  | 'exact'
  | 'spacing'
  | 'swapped'
  | 'nickname'
  | 'initial'
  | 'typo'
  | 'partial'
  | 'household'
  | 'company-surname'
  | 'different'
  | 'no-name'
  | 'person-company';
export type EmailLevel = 'same' | 'spells-name' | 'differs' | 'none';
export type AddressLevel = 'same-street' | 'other';

/** One reason in `Why`: which field, which level of its ladder, and the words people read. */
export interface Reason {
  field: 'name' | 'email' | 'address' | 'identity';
  level: string;
  label: string;
}

/** Similarity at or above which two surnames or given names count as one with a typo. */
export const TYPO_SIMILARITY = 0.9;
export const COMPANY_TYPO_SIMILARITY = 0.92;

/** What a name test sees: both people's name parts and how their given names and surnames compare. */
export interface NamePair {
  a: MatchPerson;
  b: MatchPerson;
  pa: NameParts | null;
  pb: NameParts | null;
  entityA: boolean;
  entityB: boolean;
  /** Given name and surname levels in the orientation that fits best. */
  given: PartLevel;
  surname: PartLevel;
  swapped: boolean;
  /** Both written without spaces, the names spell the same letters (`Deakyn Bl Ake`). */
  spacing: boolean;
  /** The given names differ, but the other is a partner named on the same record. */
  household: boolean;
  middleDiffers: boolean;
  suffixDiffers: boolean;
  companyCarriesSurname: boolean;
  companies: 'exact' | 'typo' | 'partial' | 'different';
}

type PartLevel = 'exact' | 'nickname' | 'initial' | 'typo' | 'part' | 'missing' | 'different';

export interface ComparisonLevel<L extends string, C> {
  level: L;
  /** Words for `Why`, given the two names shown. */
  label: string;
  /** How much of a match's confidence survives this level (0: they cannot be one). */
  weight: number;
  /** Can two people at this level be one identity on the name alone? `email` defers to the email. */
  same: boolean | 'email';
  test: (c: C) => boolean;
}

const personLevel = (c: NamePair, ...allowed: PartLevel[]) => allowed.includes(c.given) && allowed.includes(c.surname);

/** The comparison table: per field, its levels strongest first. The last level of each always holds. */
export const COMPARISON_LEVELS = {
  name: [
    { level: 'no-name', label: 'no name', weight: 0, same: 'email', test: (c) => !c.entityA && !c.entityB && (!c.pa || !c.pb) },
    {
      level: 'company-surname',
      label: 'company carries the surname',
      weight: 0.9,
      same: true,
      test: (c) => c.entityA !== c.entityB && c.companyCarriesSurname,
    },
    { level: 'person-company', label: 'person and company', weight: 0, same: 'email', test: (c) => c.entityA !== c.entityB },
    { level: 'exact', label: 'same company', weight: 1, same: true, test: (c) => c.entityA && c.companies === 'exact' },
    { level: 'typo', label: 'company typo', weight: 0.95, same: true, test: (c) => c.entityA && c.companies === 'typo' },
    { level: 'partial', label: 'company name in part', weight: 0.9, same: true, test: (c) => c.entityA && c.companies === 'partial' },
    { level: 'different', label: 'different companies', weight: 0, same: false, test: (c) => c.entityA },
    { level: 'different', label: 'different suffix', weight: 0, same: false, test: (c) => c.suffixDiffers },
    { level: 'different', label: 'different middle initial', weight: 0, same: false, test: (c) => c.middleDiffers && !c.spacing },
    { level: 'exact', label: 'same name', weight: 1, same: true, test: (c) => !c.swapped && personLevel(c, 'exact') },
    { level: 'spacing', label: 'same letters, stray spaces', weight: 0.97, same: true, test: (c) => c.spacing },
    { level: 'swapped', label: 'first and last swapped', weight: 0.98, same: true, test: (c) => c.swapped && personLevel(c, 'exact') },
    {
      level: 'nickname',
      label: 'nickname',
      weight: 0.97,
      same: true,
      test: (c) => c.surname !== 'missing' && c.given === 'nickname' && personLevel(c, 'exact', 'nickname', 'typo'),
    },
    {
      level: 'initial',
      label: 'initial',
      weight: 0.95,
      same: true,
      test: (c) => c.surname !== 'missing' && c.given === 'initial' && personLevel(c, 'exact', 'initial', 'typo'),
    },
    { level: 'typo', label: 'typo', weight: 0.95, same: true, test: (c) => personLevel(c, 'exact', 'nickname', 'initial', 'typo') },
    { level: 'household', label: 'named with their partner', weight: 0.9, same: true, test: (c) => c.household },
    {
      level: 'partial',
      label: 'given name or surname missing, or a part of a double surname',
      weight: 0.9,
      same: true,
      test: (c) => personLevel(c, 'exact', 'nickname', 'initial', 'typo', 'part', 'missing'),
    },
    { level: 'different', label: 'different names', weight: 0, same: false, test: () => true },
  ] as Array<ComparisonLevel<NameLevel, NamePair>>,
  email: [
    { level: 'same', label: 'email: same', weight: 1.02, same: true, test: (c) => c.shared },
    { level: 'spells-name', label: 'email spells the name', weight: 0.85, same: true, test: (c) => c.spelled },
    { level: 'differs', label: 'email differs', weight: 0.97, same: true, test: (c) => c.both },
    { level: 'none', label: 'no email to compare', weight: 1, same: true, test: () => true },
  ] as Array<ComparisonLevel<EmailLevel, { shared: boolean; spelled: boolean; both: boolean }>>,
  address: [
    { level: 'same-street', label: 'address: same street', weight: 1.02, same: true, test: (c) => c.same },
    { level: 'other', label: 'address not compared', weight: 1, same: true, test: () => true },
  ] as Array<ComparisonLevel<AddressLevel, { same: boolean }>>,
};

export interface NameComparison {
  level: NameLevel;
  /** `J. Smith ~ John Smith (initial)` */
  text: string;
  reason: Reason;
  weight: number;
  same: boolean | 'email';
  /** One of the two wrote the name the other way round (`SMITH BOB` and Robert Smith). */
  swapped: boolean;
}

export interface PersonComparison {
  /** Can the two be one identity? */
  same: boolean;
  /** How much of the match confidence survives this comparison (0–1). */
  factor: number;
  reasons: Reason[];
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);
const COMPANY_FORMS = new Set([
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'lp',
  'llp',
  'pllc',
  'pc',
  'the',
  'trust',
  'tr',
  'trs',
  'ttee',
  'trustee',
  'trustees',
  'revocable',
  'living',
  'family',
  'estate',
  'of',
  'and',
]);
/** Mailboxes of a business, not of a person: they prove nothing about who someone is. */
const ROLE_MAILBOXES = new Set([
  'info',
  'office',
  'billing',
  'admin',
  'sales',
  'support',
  'contact',
  'hello',
  'accounts',
  'accounting',
  'ap',
  'ar',
  'service',
  'team',
  'mail',
  'noreply',
  'no-reply',
  'help',
  'invoices',
  'orders',
  'frontdesk',
  'reception',
  'hr',
  'jobs',
  'careers',
]);

export function normalizeToken(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, '')
    .trim();
}

export interface NameParts {
  first: string;
  middle: string[];
  last: string[];
  suffix: string;
  /** Other given names the record offers: nicknames in quotes, the partner of a couple. */
  aliases: string[];
  partners: string[];
}

const tokens = (text: string) => normalizeToken(text).split(/\s+/).filter(Boolean);

// A person is compared with every other candidate of a phone: parse their name once.
const PARTS = new WeakMap<MatchPerson, NameParts | null>();
const ENTITY = new WeakMap<MatchPerson, boolean>();

export function nameParts(p: MatchPerson): NameParts | null {
  if (PARTS.has(p)) return PARTS.get(p)!;
  const parts = readParts(p);
  PARTS.set(p, parts);
  return parts;
}

function readParts(p: MatchPerson): NameParts | null {
  const firstTokens = tokens(p.firstName);
  let lastTokens = tokens(p.lastName);
  const suffix = lastTokens.find((t) => SUFFIXES.has(t)) ?? '';
  lastTokens = lastTokens
    .filter((t) => !SUFFIXES.has(t))
    .flatMap((t) => t.split('-'))
    .filter(Boolean);
  if (firstTokens.length === 0 && lastTokens.length === 0) return null;
  const surname = lastTokens.join(' ');
  return {
    first: firstTokens[0] ?? '',
    middle: [...firstTokens.slice(1), ...tokens(p.middleName ?? '')],
    last: lastTokens,
    suffix,
    aliases: (p.nicknames ?? []).flatMap(tokens),
    partners: (p.others ?? [])
      .filter((o) => !o.lastName || tokens(o.lastName).join(' ') === surname)
      .map((o) => tokens(o.firstName)[0] ?? '')
      .filter(Boolean),
  };
}

export function isEntity(p: MatchPerson): boolean {
  let entity = ENTITY.get(p);
  if (entity === undefined) {
    entity = !p.firstName && !p.lastName && p.company !== '' ? true : isEntityName(`${p.firstName} ${p.lastName}`);
    ENTITY.set(p, entity);
  }
  return entity;
}

function show(p: MatchPerson): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ') || p.company || p.emails[0] || '(no name)';
}

function companyKey(name: string): string[] {
  return normalizeToken(name.replace(/&/g, ' and '))
    .split(/[\s-]+/)
    .filter((t) => t && !COMPANY_FORMS.has(t));
}

/**
 * Damerau–Levenshtein (optimal string alignment) distance: one wrong, missing, extra or swapped
 * letter costs one. Jaro-Winkler alone favours shared prefixes, so `Bfody`/`Brody` (0.87) and
 * `Lex`/`Les` escape it; an edit count does not.
 */
export function editDistance(a: string, b: string): number {
  // Three rows are enough: the transposition looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length]!;
}

/** Spellings that sound alike: `Katherine`/`Catherine`, `Stephen`/`Steven`, `Sara`/`Sarah`. */
function soundKey(name: string): string {
  return name
    .replace(/^c/, 'k')
    .replace(/ph|v/g, 'f')
    .replace(/y/g, 'i')
    .replace(/(?!^)h/g, '')
    .replace(/(.)\1+/g, '$1');
}

/**
 * A typing slip rather than another name: close by Jaro-Winkler, or by few edits for its length.
 * Two real given names are never each other's typo unless they sound alike: `Paul`/`Paula`,
 * `Mark`/`Mary`, `Michael`/`Michelle` are spouses, not a slip of the keyboard.
 */
function isTypo(a: string, b: string, givenNames: boolean): boolean {
  if (a.length < 2 || b.length < 2) return false;
  if (givenNames && isKnownGivenName(a) && isKnownGivenName(b))
    return Math.min(a.length, b.length) >= 4 && Math.abs(a.length - b.length) <= 2 && soundKey(a) === soundKey(b);
  if (jaroWinkler(a, b) >= TYPO_SIMILARITY) return true;
  const shortest = Math.min(a.length, b.length);
  const allowed = shortest >= 8 ? 2 : shortest >= (givenNames ? 4 : 3) ? 1 : 0;
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && editDistance(a, b) <= allowed;
}

const FEMININE_ENDINGS = ['a', 'e', 'ie', 'y', 'i', 'ia', 'ina', 'ine', 'ette', 'elle', 'ella', 'fina', 'phine'];

/** A name and its feminine (or masculine) form: `Paul`/`Paula`, `Jesse`/`Jessie`, `Eugene`/`Eugenia`. */
function genderedPair(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const stem = short.length > 3 && short.endsWith('e') ? short.slice(0, -1) : short;
  return short.length >= 3 && [short, stem].some((s) => long.startsWith(s) && FEMININE_ENDINGS.includes(long.slice(s.length)));
}

function compareGiven(a: string, b: string): PartLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  if (nicknameEquivalent(a, b)) return 'nickname';
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 'initial';
  if (genderedPair(a, b)) return 'different';
  if (isTypo(a, b, true)) return 'typo';
  return 'different';
}

function givenWithAliases(a: NameParts, b: NameParts): PartLevel {
  const direct = compareGiven(a.first, b.first);
  if (direct !== 'different') return direct;
  for (const x of [a.first, ...a.aliases])
    for (const y of [b.first, ...b.aliases]) if (compareGiven(x, y) === 'exact' || compareGiven(x, y) === 'nickname') return 'nickname';
  return 'different';
}

function compareSurnames(a: string[], b: string[]): PartLevel {
  if (a.length === 0 || b.length === 0) return 'missing';
  if (a.join(' ') === b.join(' ')) return 'exact';
  if (a.join('') === b.join('')) return 'exact';
  // Hyphenated and double surnames: `Smith-Jones` and `Smith` share a part.
  if (a.some((t) => b.includes(t))) return 'part';
  if (isTypo(a.join(''), b.join(''), false)) return 'typo';
  return 'different';
}

/**
 * The readings of a name with one stray space removed: `Deakyn Bl Ake` → Deakyn Blake,
 * `Ly Dia Smith` → Lydia Smith, `White Arc Hie` → Archie White. Initials never join a word,
 * so `John A Smith` cannot become `John Asmith`.
 */
function rejoined(p: NameParts): NameParts[] {
  const all = [p.first, ...p.middle, ...p.last].filter(Boolean);
  if (all.length < 2) return [];
  const out: NameParts[] = [];
  const base = { suffix: p.suffix, aliases: p.aliases, partners: p.partners, middle: [] as string[] };
  for (let i = 0; i < all.length - 1; i++) {
    if (all[i]!.length < 2 || all[i + 1]!.length < 2) continue;
    const t = [...all.slice(0, i), all[i]! + all[i + 1]!, ...all.slice(i + 2)];
    if (t.length === 1) out.push({ ...base, first: t[0]!, last: [] });
    else if (t.length === 2) out.push({ ...base, first: t[0]!, last: [t[1]!] }, { ...base, first: t[1]!, last: [t[0]!] });
  }
  return out;
}

/** Given-name and surname levels of two people, trying the other orientation when it fits better. */
function orient(pa: NameParts, pb: NameParts): { given: PartLevel; surname: PartLevel; swapped: boolean } {
  // A name written as one word (`Nevin`) may be the other's given name or surname.
  const single = (p: NameParts) => p.last.length === 0 && p.middle.length === 0 && p.first !== '';
  if (single(pa) !== single(pb)) {
    const [one, full] = single(pa) ? [pa, pb] : [pb, pa];
    const asSurname = compareSurnames([one.first], full.last);
    if (asSurname === 'exact' || asSurname === 'typo' || asSurname === 'part')
      return { given: 'missing', surname: asSurname, swapped: false };
    const asGiven = givenWithAliases(one, full);
    if (asGiven !== 'different') return { given: asGiven, surname: 'missing', swapped: false };
    return { given: 'different', surname: 'missing', swapped: false };
  }
  const surname = compareSurnames(pa.last, pb.last);
  const given = givenWithAliases(pa, pb);
  if (surname !== 'different' && given !== 'different') return { given, surname, swapped: false };
  // Property records and lead lists write LAST FIRST: b's first field holds the surname.
  const s = compareSurnames(pa.last, pb.first ? [pb.first] : []);
  const g = compareGiven(pa.first, pb.last.join(''));
  if (s !== 'different' && g !== 'different' && s !== 'missing' && g !== 'missing') return { given: g, surname: s, swapped: true };
  return { given, surname, swapped: false };
}

function namePair(a: MatchPerson, b: MatchPerson): NamePair {
  const entityA = isEntity(a);
  const entityB = isEntity(b);
  const pa = entityA ? null : nameParts(a);
  const pb = entityB ? null : nameParts(b);
  const c: NamePair = {
    a,
    b,
    pa,
    pb,
    entityA,
    entityB,
    given: 'different',
    surname: 'different',
    swapped: false,
    spacing: false,
    household: false,
    middleDiffers: false,
    suffixDiffers: false,
    companyCarriesSurname: false,
    companies: 'different',
  };
  if (entityA !== entityB) {
    const [company, person] = entityA ? [a, b] : [b, a];
    const pp = nameParts(person);
    const words = companyKey(company.company || `${company.firstName} ${company.lastName}`);
    // Either of a full name's parts may be the surname: `Cox Ryan` is Ryan Cox of Cox Realty.
    const carries = (parts: string[]) => parts.length > 0 && parts.join('').length > 2 && parts.every((t) => words.includes(t));
    c.companyCarriesSurname = Boolean(pp?.first && pp.last.length > 0 && (carries(pp.last) || carries([pp.first])));
    return c;
  }
  if (entityA && entityB) {
    const ka = companyKey(a.company || `${a.firstName} ${a.lastName}`);
    const kb = companyKey(b.company || `${b.firstName} ${b.lastName}`);
    if (ka.join(' ') === kb.join(' ')) c.companies = 'exact';
    else if (jaroWinkler(ka.join(' '), kb.join(' ')) >= COMPANY_TYPO_SIMILARITY) c.companies = 'typo';
    else if (ka.length > 0 && kb.length > 0 && (ka.every((t) => kb.includes(t)) || kb.every((t) => ka.includes(t))))
      c.companies = 'partial';
    return c;
  }
  if (!pa || !pb) return c;
  c.suffixDiffers = Boolean(pa.suffix && pb.suffix && pa.suffix !== pb.suffix);
  const o = orient(pa, pb);
  c.given = o.given;
  c.surname = o.surname;
  c.swapped = o.swapped;
  // Stray spaces: `Deakyn Bl Ake`, `Ly Dia Smith`, `White Arc Hie` read with a space removed.
  const size = (p: NameParts) => p.first.length + p.middle.join('').length + p.last.join('').length;
  const count = (p: NameParts) => (p.first ? 1 : 0) + p.middle.length + p.last.length;
  // Only a name with a stray space has more words than the other, and about as many letters.
  if (
    !o.swapped &&
    count(pa) !== count(pb) &&
    Math.abs(size(pa) - size(pb)) <= 6 &&
    (c.given === 'different' || c.surname === 'different' || c.given === 'missing' || c.surname === 'missing')
  ) {
    const fits = (x: NameParts, y: NameParts) => {
      const r = orient(x, y);
      return !r.swapped && r.given !== 'different' && r.surname !== 'different' && r.given !== 'missing' && r.surname !== 'missing';
    };
    c.spacing = rejoined(pa).some((v) => fits(v, pb)) || rejoined(pb).some((v) => fits(pa, v));
  }
  if (c.given === 'different' && (c.surname === 'exact' || c.surname === 'typo' || c.surname === 'part')) {
    c.household =
      pa.partners.some((g) => compareGiven(g, pb.first) === 'exact' || compareGiven(g, pb.first) === 'nickname') ||
      pb.partners.some((g) => compareGiven(g, pa.first) === 'exact' || compareGiven(g, pa.first) === 'nickname');
  }
  const ma = pa.middle[0]?.[0];
  const mb = pb.middle[0]?.[0];
  c.middleDiffers = Boolean(ma && mb && ma !== mb && !o.swapped);
  return c;
}

export function compareNames(a: MatchPerson, b: MatchPerson): NameComparison {
  const c = namePair(a, b);
  const found = COMPARISON_LEVELS.name.find((l) => l.test(c))!;
  const sep = found.same === false ? '≠' : found.same === 'email' ? '/' : '~';
  const text = `${show(a)} ${sep} ${show(b)}${found.level === 'exact' && found.same === true ? '' : ` (${found.label})`}`;
  return {
    level: found.level,
    text,
    reason: { field: 'name', level: found.level, label: `name: ${text}` },
    weight: found.weight,
    same: found.same,
    swapped: c.swapped,
  };
}

export function personalEmails(p: MatchPerson): string[] {
  return p.emails.filter((e) => !ROLE_MAILBOXES.has(e.split('@')[0]!.replace(/[^a-z-]/g, '')));
}

/** Does an address's local part spell this person's name? `jsmith@`, `john.smith@`, `smithj@`. */
export function emailSpellsName(email: string, p: MatchPerson): boolean {
  const local = email.split('@')[0]!.split('+')[0]!.toLowerCase().replace(/\d+/g, '');
  const pp = nameParts(p);
  if (!pp || !pp.first || pp.last.length === 0) return false;
  const f = pp.first;
  const l = pp.last.join('');
  const parts = local.split(/[._-]+/).filter(Boolean);
  const flat = parts.join('');
  const firstOk = (t: string) => t === f || nicknameEquivalent(t, f);
  if (parts.length >= 2) {
    const [t0, t1] = [parts[0]!, parts[parts.length - 1]!];
    return (firstOk(t0) && t1 === l) || (t0 === l && firstOk(t1)) || (t0 === f[0] && t1 === l);
  }
  return flat === f + l || flat === f[0] + l || flat === l + f[0] || flat === l + f;
}

function normalizeStreet(address: string): string {
  const first = address.split(',')[0] ?? '';
  return normalizeToken(
    first
      .replace(/\b(street|st)\b\.?/i, 'st')
      .replace(/\b(road|rd)\b\.?/i, 'rd')
      .replace(/\b(avenue|ave)\b\.?/i, 'ave'),
  )
    .replace(/\s+/g, ' ')
    .concat(' ', (first.match(/\d+/) ?? [''])[0]!);
}

/** The whole comparison of two candidates for one phone. */
export function comparePersons(a: MatchPerson, b: MatchPerson): PersonComparison {
  const name = compareNames(a, b);
  const ea = personalEmails(a);
  const eb = personalEmails(b);
  const shared = ea.some((e) => eb.includes(e));
  // An email that spells the other's name joins a nameless record, never a person to a company.
  const spelled =
    name.same === 'email' &&
    name.level !== 'person-company' &&
    (ea.some((e) => emailSpellsName(e, b)) || eb.some((e) => emailSpellsName(e, a)));
  const email = COMPARISON_LEVELS.email.find((l) => l.test({ shared, spelled, both: ea.length > 0 && eb.length > 0 }))!;
  const sameStreet = Boolean(a.address && b.address && normalizeStreet(a.address) === normalizeStreet(b.address));
  const address = COMPARISON_LEVELS.address.find((l) => l.test({ same: sameStreet }))!;
  const reasons: Reason[] = [name.reason];
  if (email.level !== 'none') reasons.push({ field: 'email', level: email.level, label: email.label });
  if (address.level === 'same-street') reasons.push({ field: 'address', level: address.level, label: address.label });

  if (name.same === false) return { same: false, factor: 0, reasons };
  if (name.same === 'email') {
    // No name to compare (or a person against a company): only a shared personal email, or an
    // email that spells the other's name, makes them one.
    if (email.level === 'same') return { same: true, factor: 0.95, reasons };
    if (email.level === 'spells-name') return { same: true, factor: email.weight, reasons };
    return { same: false, factor: 0, reasons };
  }
  let factor = name.weight;
  if (email.level === 'same' || address.level === 'same-street') factor = Math.min(1, factor + 0.02);
  else if (email.level === 'differs') factor *= email.weight;
  return { same: true, factor, reasons };
}
