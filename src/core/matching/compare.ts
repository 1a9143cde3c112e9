/**
 * Field-by-field comparison of two people who share a phone, in the manner of Splink's
 * comparison levels: each field lands on a named level, and the levels decide whether the two
 * can be one identity and how sure that is. Every level explains itself in words for `Why`.
 */
import { isEntityName } from '../names';
import { jaroWinkler } from './jaro-winkler';
import { nicknameEquivalent } from './nicknames';
import type { MatchPerson } from './types';

/** Name levels from strongest to weakest; `different` and `unknown` end the ladder. */
export type NameLevel = 'exact' | 'swapped' | 'nickname' | 'initial' | 'typo' | 'partial' | 'different' | 'unknown';

/** Similarity at or above which two surnames or given names count as one with a typo. */
export const TYPO_SIMILARITY = 0.9;
export const COMPANY_TYPO_SIMILARITY = 0.92;

/** How much each name level keeps of a match's confidence. */
export const NAME_LEVEL_FACTOR: Record<NameLevel, number> = {
  exact: 1,
  swapped: 0.98,
  nickname: 0.97,
  initial: 0.95,
  typo: 0.95,
  partial: 0.9,
  different: 0,
  unknown: 0,
};

export interface NameComparison {
  level: NameLevel;
  /** `J. Smith ~ John Smith (initial)` */
  text: string;
}

export interface PersonComparison {
  /** Can the two be one identity? */
  same: boolean;
  /** How much of the match confidence survives this comparison (0–1). */
  factor: number;
  reasons: string[];
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);
const COMPANY_FORMS = new Set([
  'llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'lp', 'llp', 'pllc', 'pc', 'the',
  'trust', 'tr', 'trs', 'ttee', 'trustee', 'trustees', 'revocable', 'living', 'family', 'estate', 'of', 'and',
]);
/** Mailboxes of a business, not of a person: they prove nothing about who someone is. */
const ROLE_MAILBOXES = new Set([
  'info', 'office', 'billing', 'admin', 'sales', 'support', 'contact', 'hello', 'accounts', 'accounting', 'ap', 'ar', 'service',
  'team', 'mail', 'noreply', 'no-reply', 'help', 'invoices', 'orders', 'frontdesk', 'reception', 'hr', 'jobs', 'careers',
]);

export function normalizeToken(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, '')
    .trim();
}

interface NameParts {
  first: string;
  middle: string[];
  last: string[];
  suffix: string;
}

function parts(p: MatchPerson): NameParts | null {
  const firstTokens = normalizeToken(p.firstName).split(/\s+/).filter(Boolean);
  let lastTokens = normalizeToken(p.lastName).split(/[\s]+/).filter(Boolean);
  const suffix = lastTokens.find((t) => SUFFIXES.has(t)) ?? '';
  lastTokens = lastTokens.filter((t) => !SUFFIXES.has(t)).flatMap((t) => t.split('-')).filter(Boolean);
  if (firstTokens.length === 0 && lastTokens.length === 0) return null;
  return { first: firstTokens[0] ?? '', middle: firstTokens.slice(1), last: lastTokens, suffix };
}

export function isEntity(p: MatchPerson): boolean {
  return !p.firstName && !p.lastName && p.company !== '' ? true : isEntityName(`${p.firstName} ${p.lastName}`);
}

function show(p: MatchPerson): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ') || p.company || p.emails[0] || '(no name)';
}

function companyKey(name: string): string[] {
  return normalizeToken(name.replace(/&/g, ' and '))
    .split(/[\s-]+/)
    .filter((t) => t && !COMPANY_FORMS.has(t));
}

function compareGiven(a: string, b: string): NameLevel {
  if (!a || !b) return 'partial';
  if (a === b) return 'exact';
  if (nicknameEquivalent(a, b)) return 'nickname';
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 'initial';
  if (a.length > 1 && b.length > 1 && jaroWinkler(a, b) >= TYPO_SIMILARITY) return 'typo';
  return 'different';
}

function compareSurnames(a: string[], b: string[]): NameLevel {
  if (a.length === 0 || b.length === 0) return 'partial';
  if (a.join(' ') === b.join(' ')) return 'exact';
  // Hyphenated and double surnames: `Smith-Jones` and `Smith` share a part.
  if (a.some((t) => b.includes(t))) return 'partial';
  if (jaroWinkler(a.join(''), b.join('')) >= TYPO_SIMILARITY) return 'typo';
  return 'different';
}

const ORDER: NameLevel[] = ['exact', 'swapped', 'nickname', 'initial', 'typo', 'partial', 'different', 'unknown'];
const worst = (...levels: NameLevel[]) => levels.reduce((w, l) => (ORDER.indexOf(l) > ORDER.indexOf(w) ? l : w), 'exact' as NameLevel);

export function compareNames(a: MatchPerson, b: MatchPerson): NameComparison {
  const text = (level: NameLevel) => `${show(a)} ${level === 'different' ? '≠' : '~'} ${show(b)}${level === 'exact' ? '' : ` (${level})`}`;
  const entityA = isEntity(a);
  const entityB = isEntity(b);
  if (entityA || entityB) {
    if (!(entityA && entityB)) {
      // A person and a company on one phone: the owner when the company carries the person's
      // surname (`Smith Realty LLC` and John Smith); otherwise never merged unasked.
      const [company, individual] = entityA ? [a, b] : [b, a];
      const surname = parts(individual)?.last.join(' ') ?? '';
      const words = companyKey(company.company || `${company.firstName} ${company.lastName}`);
      if (surname.length > 2 && words.includes(surname) && parts(individual)!.first) {
        return { level: 'partial', text: `${show(a)} ~ ${show(b)} (company carries the surname)` };
      }
      return { level: 'unknown', text: `${show(a)} / ${show(b)} (person and company)` };
    }
    const ka = companyKey(a.company || `${a.firstName} ${a.lastName}`);
    const kb = companyKey(b.company || `${b.firstName} ${b.lastName}`);
    if (ka.join(' ') === kb.join(' ')) return { level: 'exact', text: text('exact') };
    if (jaroWinkler(ka.join(' '), kb.join(' ')) >= COMPANY_TYPO_SIMILARITY) return { level: 'typo', text: text('typo') };
    if (ka.length > 0 && kb.length > 0 && (ka.every((t) => kb.includes(t)) || kb.every((t) => ka.includes(t)))) {
      return { level: 'partial', text: text('partial') };
    }
    return { level: 'different', text: text('different') };
  }
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return { level: 'unknown', text: `${show(a)} / ${show(b)} (no name)` };
  if (pa.suffix && pb.suffix && pa.suffix !== pb.suffix) return { level: 'different', text: `${text('different')} (${pa.suffix} / ${pb.suffix})` };

  let surname = compareSurnames(pa.last, pb.last);
  let given = compareGiven(pa.first, pb.first);
  let swapped = false;
  if (surname === 'different' || given === 'different') {
    // Property records write LAST FIRST: try the other orientation before calling them different.
    // b written LAST FIRST: b's first field holds the surname, its last field the given name.
    const s = compareSurnames(pa.last, pb.first ? [pb.first] : []);
    const g = compareGiven(pa.first, pb.last[0] ?? '');
    if (s !== 'different' && g !== 'different' && s !== 'partial' && g !== 'partial') {
      surname = s;
      given = g;
      swapped = true;
    }
  }
  if (surname === 'different' || given === 'different') return { level: 'different', text: text('different') };
  if (pa.middle[0] && pb.middle[0] && pa.middle[0][0] !== pb.middle[0][0]) {
    return { level: 'different', text: `${text('different')} (middle ${pa.middle[0][0]!.toUpperCase()} / ${pb.middle[0][0]!.toUpperCase()})` };
  }
  const level = worst(swapped ? 'swapped' : 'exact', surname, given);
  return { level, text: text(level) };
}

export function personalEmails(p: MatchPerson): string[] {
  return p.emails.filter((e) => !ROLE_MAILBOXES.has(e.split('@')[0]!.replace(/[^a-z-]/g, '')));
}

/** Does an address's local part spell this person's name? `jsmith@`, `john.smith@`, `smithj@`. */
export function emailSpellsName(email: string, p: MatchPerson): boolean {
  const local = email.split('@')[0]!.split('+')[0]!.toLowerCase().replace(/\d+/g, '');
  const pp = parts(p);
  if (!pp || !pp.first || pp.last.length === 0) return false;
  const f = pp.first;
  const l = pp.last.join('');
  const tokens = local.split(/[._-]+/).filter(Boolean);
  const flat = tokens.join('');
  const firstOk = (t: string) => t === f || nicknameEquivalent(t, f);
  if (tokens.length >= 2) {
    const [t0, t1] = [tokens[0]!, tokens[tokens.length - 1]!];
    return (firstOk(t0) && t1 === l) || (t0 === l && firstOk(t1)) || (t0 === f[0] && t1 === l);
  }
  return flat === f + l || flat === f[0] + l || flat === l + f[0] || flat === l + f;
}

function normalizeStreet(address: string): string {
  const first = address.split(',')[0] ?? '';
  return normalizeToken(first.replace(/\b(street|st)\b\.?/i, 'st').replace(/\b(road|rd)\b\.?/i, 'rd').replace(/\b(avenue|ave)\b\.?/i, 'ave'))
    .replace(/\s+/g, ' ')
    .concat(' ', (first.match(/\d+/) ?? [''])[0]!);
}

/** The whole comparison of two candidates for one phone. */
export function comparePersons(a: MatchPerson, b: MatchPerson): PersonComparison {
  const name = compareNames(a, b);
  const reasons = [`name: ${name.text}`];
  const ea = personalEmails(a);
  const eb = personalEmails(b);
  const sharedEmail = ea.some((e) => eb.includes(e));
  if (sharedEmail) reasons.push('email: same');
  else if (ea.length && eb.length) reasons.push('email differs');
  const sameStreet = a.address && b.address && normalizeStreet(a.address) === normalizeStreet(b.address);
  if (sameStreet) reasons.push('address: same street');

  if (name.level === 'different') return { same: false, factor: 0, reasons };
  if (name.level === 'unknown') {
    // One side has no name (or one is a company): only a shared personal email, or an email
    // that spells the other's name, makes them one.
    const spelled = ea.some((e) => emailSpellsName(e, b)) || eb.some((e) => emailSpellsName(e, a));
    if (sharedEmail) return { same: true, factor: 0.95, reasons };
    if (spelled && !(isEntity(a) !== isEntity(b))) return { same: true, factor: 0.85, reasons: [...reasons, 'email spells the name'] };
    return { same: false, factor: 0, reasons };
  }
  let factor = NAME_LEVEL_FACTOR[name.level];
  if (sharedEmail || sameStreet) factor = Math.min(1, factor + 0.02);
  else if (ea.length && eb.length) factor *= 0.97;
  return { same: true, factor, reasons };
}
