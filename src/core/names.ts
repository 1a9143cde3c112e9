/**
 * People's names as exports write them: ALL CAPS assessor owners (`SMITH JOHN A & JANE B`),
 * `Last, First` display names, entities (`… LLC`, `… TRUST`), suffixes. Turns each into
 * first/last/company parts without losing the original text.
 */

export interface PersonName {
  firstName: string;
  lastName: string;
  /** Set when the name is an organisation rather than a person. */
  company: string;
  /** The name as written in the source. */
  original: string;
}

const ENTITY_WORDS = [
  'llc', 'l.l.c.', 'inc', 'inc.', 'incorporated', 'corp', 'corp.', 'corporation', 'co', 'co.', 'company', 'ltd', 'ltd.',
  'limited', 'lp', 'llp', 'pllc', 'pc', 'trust', 'trustee', 'trustees', 'tr', 'estate', 'bank', 'church', 'association',
  'assn', 'partners', 'partnership', 'holdings', 'properties', 'realty', 'group', 'investments', 'management', 'mgmt',
  'foundation', 'ministries', 'university', 'school', 'city', 'town', 'county', 'authority', 'housing', 'condominium',
  'condo', 'hoa', 'services', 'construction', 'enterprises', 'fund', 'federal', 'national', 'mortgage',
];
const ENTITY = new RegExp(`(^|[\\s,&])(${ENTITY_WORDS.map(escapeRegex).join('|')})(?=$|[\\s,.&])`, 'i');
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'md', 'phd', 'esq', 'dds']);
const UPPER_ABBREVIATIONS = new Set(['llc', 'lp', 'llp', 'pllc', 'pc', 'hoa', 'usa', 'ne', 'nw', 'se', 'sw']);
const LOWER_PARTICLES = new Set(['van', 'von', 'de', 'der', 'del', 'della', 'da', 'di', 'la', 'le', 'st']);

export function isEntityName(name: string): boolean {
  return ENTITY.test(name) || /^estate of\b/i.test(name.trim());
}

/** Proper case for names typed in capitals: `MCDONALD` → `McDonald`, `O'BRIEN` → `O'Brien`. */
export function titleCaseName(text: string): string {
  const hasLower = /[a-z]/.test(text);
  const hasUpper = /[A-Z]/.test(text);
  // Names already in mixed case were typed by a person: keep their spelling.
  if (hasLower && hasUpper) return text.trim();
  return text
    .trim()
    .toLowerCase()
    .split(/(\s+|-|')/)
    .map((part, i) => {
      if (/^\s+$|^-$|^'$/.test(part) || part === '') return part;
      if (/^(ii|iii|iv)$/.test(part) || UPPER_ABBREVIATIONS.has(part)) return part.toUpperCase();
      if (i > 0 && LOWER_PARTICLES.has(part)) return part;
      if (/^mc[a-z]{2,}/.test(part)) return `Mc${part.charAt(2).toUpperCase()}${part.slice(3)}`;
      return part.charAt(0).toUpperCase() + part.slice(1);
    })
    .join('');
}

/**
 * A name written `First Last`, `Last, First` or as an entity. `Sample, John` → John Sample.
 */
export function parsePersonName(raw: string): PersonName {
  const original = raw;
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return { firstName: '', lastName: '', company: '', original };
  if (isEntityName(text)) return { firstName: '', lastName: '', company: titleCaseName(text), original };
  const comma = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (comma.length === 2 && !SUFFIXES.has(comma[1]!.toLowerCase().replace(/\./g, ''))) {
    return { firstName: titleCaseName(comma[1]!), lastName: titleCaseName(comma[0]!), company: '', original };
  }
  const words = text.replace(/,/g, ' ').split(' ').filter(Boolean);
  const suffix: string[] = [];
  while (words.length > 2 && SUFFIXES.has(words[words.length - 1]!.toLowerCase().replace(/\./g, ''))) suffix.unshift(words.pop()!);
  if (words.length === 1) return { firstName: titleCaseName(words[0]!), lastName: '', company: '', original };
  const last = words.pop()!;
  return {
    firstName: titleCaseName(words.join(' ')),
    lastName: titleCaseName([last, ...suffix].join(' ')),
    company: '',
    original,
  };
}

/**
 * Assessor-style owner strings, last name first: `SMITH JOHN A & JANE B` → John A Smith and
 * Jane B Smith; `SMITH JOHN & DOE MARY` keeps each last name; entities stay whole.
 */
export function parseOwnerNames(raw: string): PersonName[] {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  if (isEntityName(text)) return [{ firstName: '', lastName: '', company: titleCaseName(text), original: raw }];
  const parts = text.split(/\s*(?:&|\band\b|\/|;)\s*/i).filter(Boolean);
  const first = parts[0]!.split(' ');
  const familyName = first[0]!;
  return parts.map((part, i) => {
    const words = part.split(' ');
    // After `&` a single given name (with initials) shares the first owner's last name.
    if (i === 0 || words.length <= 2) {
      const last = i === 0 ? words[0]! : familyName;
      const given = i === 0 ? words.slice(1) : words;
      if (i > 0 && words.length === 2 && words[1]!.length > 1) {
        // `DOE MARY`: a second owner with a last name of their own.
        return { firstName: titleCaseName(words[1]!), lastName: titleCaseName(words[0]!), company: '', original: raw };
      }
      return { firstName: titleCaseName(given.join(' ')), lastName: titleCaseName(last), company: '', original: raw };
    }
    return { firstName: titleCaseName(words.slice(1).join(' ')), lastName: titleCaseName(words[0]!), company: '', original: raw };
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
