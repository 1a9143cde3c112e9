/**
 * The Decision cell: the dropdown's choices for a conflict, reading what a reviewer chose, and
 * checking what they typed. The sidebar and the sheet speak the same words, so both paths
 * agree at every moment.
 */
import { UserError } from '../errors';
import { FINAL_COLUMNS, type CandidateData, type Decision, type FinalFields } from './model';

export const MERGE = 'merge';
export const SKIP = 'skip';
export const NONE = 'none of these';

/** `1: John Smith`: the number is what counts; the name makes the dropdown readable. */
export function candidateChoice(n: number, candidate: Pick<CandidateData, 'firstName' | 'lastName' | 'company' | 'emails'>): string {
  return `${n}: ${candidateName(candidate) || '(no name)'}`;
}

export function decisionChoices(candidates: Array<CandidateData | null>): string[] {
  const picks = candidates.map((c, i) => (c ? candidateChoice(i + 1, c) : null)).filter((c): c is string => c !== null);
  return [...picks, MERGE, SKIP, NONE];
}

export function candidateName(c: Pick<CandidateData, 'firstName' | 'lastName' | 'company' | 'emails'>): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  if (name && c.company) return `${name} (${c.company})`;
  return name || c.company || c.emails[0] || '';
}

/** The decision a Decision cell holds; null when it is empty. Unknown text names the phone. */
export function parseDecision(text: string, candidateCount: number, phone: string): Decision | null {
  const t = text.trim();
  if (t === '') return null;
  const lower = t.toLowerCase();
  if (lower === MERGE) return { kind: 'merge' };
  if (lower === SKIP) return { kind: 'skip' };
  if (lower === NONE) return { kind: 'none' };
  const n = /^(\d+)\s*(?::|$)/.exec(t);
  if (n) {
    const candidate = Number(n[1]);
    if (candidate >= 1 && candidate <= candidateCount) return { kind: 'pick', candidate };
    throw new UserError(`Conflicts, phone ${phone}: the Decision "${t}" names candidate ${candidate}, but this phone has ${candidateCount} candidates.`);
  }
  throw new UserError(`Conflicts, phone ${phone}: the Decision "${t}" is not one of the choices (a candidate such as "1: …", "${MERGE}", "${SKIP}" or "${NONE}").`);
}

export function formatDecision(decision: Decision, candidates: Array<CandidateData | null>): string {
  if (decision.kind === 'pick') {
    const c = candidates[decision.candidate - 1];
    return c ? candidateChoice(decision.candidate, c) : String(decision.candidate);
  }
  return decision.kind === 'merge' ? MERGE : decision.kind === 'skip' ? SKIP : NONE;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

/** Typed emails, one or several joined with commas; each must look like an address. */
export function typedEmails(text: string, phone: string): string[] {
  const list = text
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of list) {
    if (!EMAIL.test(e)) throw new UserError(`Conflicts, phone ${phone}: "${e}" in ${FINAL_COLUMNS.emails} is not an email address.`);
  }
  return list.map((e) => e.toLowerCase());
}

/** What was applied, so a Decision or a final field changed afterwards in the sheet is noticed. */
export function decisionSignature(decisionText: string, finals: FinalFields): string {
  return [decisionText.trim(), finals.firstName, finals.lastName, finals.company, finals.emails, finals.address].map((v) => v.trim()).join(' | ');
}

export function hasFinals(f: FinalFields): boolean {
  return Object.values(f).some((v) => v.trim() !== '');
}

/**
 * A Decision cell's text as its dropdown choice (`1` becomes `1: John Smith`), or '' when it
 * names no choice of these candidates. Dropdowns reject anything else, so the sheet can hold it.
 */
export function canonicalDecision(text: string, candidates: Array<CandidateData | null>): string {
  const t = text.trim();
  if (t === '') return '';
  try {
    const d = parseDecision(t, candidates.length, '');
    return d ? formatDecision(d, candidates) : '';
  } catch {
    return '';
  }
}
