/**
 * From the people who carry one phone to the identities behind it. Candidates join an
 * identity only when they agree with every member (complete linkage), so `J. Smith` can
 * never glue John and Jane Smith together; a candidate that fits two identities stays apart
 * and goes to review.
 */
import { comparePersons, isEntity, personalEmails, type Reason } from './compare';
import type { MatchSettings } from './settings';
import type { MatchPerson } from './types';

export interface Identity {
  members: MatchPerson[];
  /** 0–1: how sure the add-on is that these people are one identity owning the phone. */
  confidence: number;
  reasons: Reason[];
  ambiguous: boolean;
}

/** How much one source record naming a person says about who owns a phone. */
export const EVIDENCE = {
  namedPerson: 0.9,
  company: 0.88,
  emailOnly: 0.6,
  /** A candidate that fits two identities cannot be more certain than this. */
  ambiguousCap: 0.6,
  maxConfidence: 0.99,
} as const;

/** Does the record say anything about who the person is? A bare phone does not. */
export function hasIdentity(p: MatchPerson): boolean {
  return Boolean(p.firstName || p.lastName || p.company || personalEmails(p).length);
}

function evidence(p: MatchPerson): number {
  if (p.firstName || p.lastName) return isEntity(p) ? EVIDENCE.company : EVIDENCE.namedPerson;
  if (p.company) return EVIDENCE.company;
  return EVIDENCE.emailOnly;
}

/** Full names first: they anchor identities that initials and bare surnames may then join. */
function specificity(p: MatchPerson): number {
  const first = p.firstName.replace(/\./g, '').split(' ')[0] ?? '';
  return (first.length > 1 ? 2 : first.length === 1 ? 1 : 0) + (p.lastName ? 1 : 0) + (personalEmails(p).length ? 0.5 : 0);
}

export function identitiesFor(candidates: MatchPerson[], settings: MatchSettings): Identity[] {
  const people = [...candidates].sort(
    (a, b) =>
      specificity(b) - specificity(a) ||
      settings.namePriority.indexOf(a.sourceType) - settings.namePriority.indexOf(b.sourceType) ||
      a.key.localeCompare(b.key),
  );
  const clusters: Array<{ members: MatchPerson[]; factor: number; reasons: Reason[]; ambiguous: boolean }> = [];
  for (const person of people) {
    const fits = clusters
      .map((cluster) => {
        const comparisons = cluster.members.map((m) => comparePersons(m, person));
        return { cluster, comparisons, ok: comparisons.every((c) => c.same) };
      })
      .filter((f) => f.ok);
    if (fits.length === 1) {
      const { cluster, comparisons } = fits[0]!;
      cluster.members.push(person);
      cluster.factor = Math.min(cluster.factor, ...comparisons.map((c) => c.factor));
      for (const r of comparisons[0]!.reasons) if (!cluster.reasons.some((q) => q.label === r.label)) cluster.reasons.push(r);
    } else {
      const reasons: Reason[] =
        fits.length > 1
          ? [{ field: 'identity', level: 'ambiguous', label: `could be ${fits.map((f) => describe(f.cluster.members[0]!)).join(' or ')}` }]
          : [];
      clusters.push({ members: [person], factor: 1, reasons, ambiguous: fits.length > 1 });
    }
  }
  return clusters.map((c) => {
    // Independent sources that agree add up; several records of one source count once.
    const bySource = new Map<string, number>();
    for (const m of c.members) bySource.set(m.sourceId, Math.max(bySource.get(m.sourceId) ?? 0, evidence(m)));
    let doubt = 1;
    bySource.forEach((e) => (doubt *= 1 - e));
    let confidence = Math.min(EVIDENCE.maxConfidence, (1 - doubt) * c.factor);
    if (c.ambiguous) confidence = Math.min(confidence, EVIDENCE.ambiguousCap);
    const sources = bySource.size;
    const reasons = [...c.reasons];
    if (sources > 1) reasons.push({ field: 'identity', level: 'sources-agree', label: `${sources} sources agree` });
    return { members: c.members, confidence: round2(confidence), reasons, ambiguous: c.ambiguous };
  });
}

/** The identity to suggest among several, and why in words. */
export function recommend(identities: Identity[], settings: MatchSettings): { index: number; reason: string } {
  let best = 0;
  let bestScore = -1;
  identities.forEach((id, i) => {
    const sources = new Set(id.members.map((m) => m.sourceId)).size;
    const priority = Math.min(...id.members.map((m) => settings.namePriority.indexOf(m.sourceType)));
    const primary = id.members.some((m) => m.role === 'Primary' || m.role === 'Customer') ? 0.01 : 0;
    const score =
      id.confidence + 0.05 * (sources - 1) + 0.01 * (settings.namePriority.length - priority) + primary - (id.ambiguous ? 0.5 : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const id = identities[best]!;
  const sources = new Set(id.members.map((m) => m.sourceId)).size;
  const parts: string[] = [];
  if (sources > 1) parts.push(`${sources} sources agree`);
  const top = [...id.members].sort((a, b) => settings.namePriority.indexOf(a.sourceType) - settings.namePriority.indexOf(b.sourceType))[0]!;
  if (top.sourceType === 'quickbooks') parts.push('a QuickBooks customer');
  else if (top.role === 'Primary') parts.push('primary contact of the property record');
  if (parts.length === 0) parts.push(`highest confidence (${id.confidence.toFixed(2)})`);
  return { index: best, reason: parts.join('; ') };
}

function describe(p: MatchPerson): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ') || p.company || p.emails[0] || p.key;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
