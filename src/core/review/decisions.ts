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

/**
 * The Decision dropdown: a candidate's number (its name stands in that candidate's `N Name`
 * column beside it), merge, skip or none of these. One list for the whole column, so the sheet
 * gets one validation rule however many conflicts it holds.
 */
export function decisionChoices(candidateCount: number): string[] {
  return [...Array.from({ length: candidateCount }, (_, i) => String(i + 1)), MERGE, SKIP, NONE];
}

/** `1: John Smith`, for the sidebar and the log: the decision with the name it chose. */
export function describeDecision(
  text: string,
  candidates: Array<Pick<CandidateData, 'firstName' | 'lastName' | 'company' | 'emails'> | null>,
): string {
  const n = Number(/^(\d+)\s*(?::|$)/.exec(text.trim())?.[1]);
  const c = n ? candidates[n - 1] : null;
  return c ? `${n}: ${candidateName(c) || '(no name)'}` : text.trim();
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
    throw new UserError(
      `Conflicts, phone ${phone}: the Decision "${t}" names candidate ${candidate}, but this phone has ${candidateCount} candidates.`,
    );
  }
  throw new UserError(
    `Conflicts, phone ${phone}: the Decision "${t}" is not one of the choices (a candidate such as "1: …", "${MERGE}", "${SKIP}" or "${NONE}").`,
  );
}

/** The decision as its Decision cell holds it. */
export function formatDecision(decision: Decision): string {
  if (decision.kind === 'pick') return String(decision.candidate);
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
  return [decisionText.trim(), finals.firstName, finals.lastName, finals.company, finals.emails, finals.address]
    .map((v) => v.trim())
    .join(' | ');
}

export function hasFinals(f: FinalFields): boolean {
  return Object.values(f).some((v) => v.trim() !== '');
}

/**
 * A Decision cell's text as its dropdown choice (`1: John Smith` becomes `1`), or '' when it
 * names no choice of these candidates. Dropdowns reject anything else, so the sheet can hold it.
 */
export function canonicalDecision(text: string, candidateCount: number): string {
  const t = text.trim();
  if (t === '') return '';
  try {
    const d = parseDecision(t, candidateCount, '');
    return d ? formatDecision(d) : '';
  } catch {
    return '';
  }
}
