/**
 * Which value survives on a contact made of several source records. Rules per field come
 * from Settings: source priority per field, blanks filled from the next source, every distinct
 * email kept with the primary first, and the name taken whole from one record (never a first
 * name from one source and a last name from another).
 */
import { personalEmails } from './compare';
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
}

function byPriority(members: MatchPerson[], order: string[]): MatchPerson[] {
  return [...members].sort((a, b) => order.indexOf(a.sourceType) - order.indexOf(b.sourceType));
}

/** A full given name beats an initial; the primary contact beats the secondary. */
function nameStrength(p: MatchPerson): number {
  const first = p.firstName.replace(/\./g, '').split(' ')[0] ?? '';
  return (first.length > 1 ? 2 : first.length) + (p.lastName ? 1 : 0);
}

export function survive(members: MatchPerson[], settings: MatchSettings): ContactFields {
  const named = byPriority(members.filter((m) => m.firstName || m.lastName), settings.namePriority);
  const strongest = Math.max(0, ...named.map(nameStrength));
  // Priority decides among the records with the most complete name.
  const nameFrom = named.find((m) => nameStrength(m) === strongest);
  const company = byPriority(members.filter((m) => m.company), settings.companyPriority)[0]?.company ?? '';
  const emails: string[] = [];
  const ordered = byPriority(members, settings.emailPriority);
  for (const m of ordered) for (const e of personalEmails(m)) if (!emails.includes(e)) emails.push(e);
  // Business mailboxes (office@, billing@) are kept, after the personal ones.
  for (const m of ordered) for (const e of m.emails) if (!emails.includes(e)) emails.push(e);
  const address = byPriority(members.filter((m) => m.address), settings.addressPriority)[0]?.address ?? '';
  const sources = [...new Set(members.map((m) => m.sourceName))].sort();
  const extras: Record<string, string> = {};
  for (const m of members) {
    for (const [k, v] of Object.entries(m.extras)) {
      if (!v) continue;
      extras[k] = extras[k] && !extras[k]!.split('; ').includes(v) ? `${extras[k]}; ${v}` : v;
    }
  }
  return {
    firstName: nameFrom?.firstName ?? '',
    lastName: nameFrom?.lastName ?? '',
    company,
    emails,
    address,
    sources,
    extras,
  };
}
