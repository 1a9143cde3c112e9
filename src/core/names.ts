/**
 * People's names as exports write them, turned into the First / Last / Company a person would
 * type into their phone. Free text goes through parse-full-name (MIT), a maintained parser that
 * knows surname particles (`de la Cruz`, `van der Velt`), `Last, First` and nicknames in quotes;
 * around it sit the rules it cannot know: assessor owners written `LAST FIRST MIDDLE & FIRST2`,
 * entities (`… LLC`, `… TRUST`, `ESTATE OF …`) that belong in Company, couples (`Mr. and Mrs.
 * John and Jane Smith`), titles and post-nominals that are not names (`Dr.`, `PhD`, `QC MP`), a
 * generational suffix kept after the surname (OpenPhone has no suffix field), text that is not
 * a name at all (markup, emoji, `DO NOT CALL`, phones, emails), and case: ALL CAPS and all
 * lower case are proper-cased, names a person typed in mixed case are kept as typed.
 */
import { parseFullName } from 'parse-full-name';
import { isKnownGivenName } from './matching/nicknames';

/** How a name was written, which decides how far its first/last orientation can be trusted. */
export type NameShape = 'columns' | 'comma' | 'free' | 'owner' | 'none';

export interface PersonName {
  firstName: string;
  lastName: string;
  /** Set when the name is an organisation rather than a person. */
  company: string;
  /** The name as written in the source. */
  original: string;
  /** Middle names or initials: never written to First, kept to tell `John A` from `John B`. */
  middleName?: string;
  /** Names in quotes or parentheses (`Benjamin (Ben) Franklin`), kept for matching. */
  nicknames?: string[];
  /** The other people a couple or joint-owner name carries (`John & Jane Smith` → Jane Smith). */
  others?: PersonName[];
  shape?: NameShape;
}

const ENTITY_WORDS = [
  'llc',
  'l.l.c.',
  'inc',
  'inc.',
  'incorporated',
  'corp',
  'corp.',
  'corporation',
  'co',
  'co.',
  'company',
  'ltd',
  'ltd.',
  'limited',
  'lp',
  'llp',
  'pllc',
  'pc',
  'trust',
  'trustee',
  'trustees',
  'tr',
  'estate',
  'bank',
  'church',
  'association',
  'assn',
  'partners',
  'partnership',
  'holdings',
  'properties',
  'realty',
  'group',
  'investments',
  'management',
  'mgmt',
  'foundation',
  'ministries',
  'university',
  'school',
  'city',
  'town',
  'county',
  'authority',
  'housing',
  'condominium',
  'condo',
  'hoa',
  'services',
  'construction',
  'enterprises',
  'fund',
  'federal',
  'national',
  'mortgage',
  'builders',
  'plumbing',
  'roofing',
  'electric',
  'landscaping',
  'contractors',
  'llc.',
];
const ENTITY = new RegExp(`(^|[\\s,&])(${ENTITY_WORDS.map(escapeRegex).join('|')})(?=$|[\\s,.&])`, 'i');
/** Generational suffixes: part of the name, written after the surname. */
const GENERATIONAL = new Set(['jr', 'sr', 'ii', 'iii', 'iv', '2nd', '3rd', '4th']);
/** Degrees, honours and professional letters: not part of the name a phone shows. */
const POST_NOMINALS = new Set([
  'phd',
  'md',
  'dds',
  'dmd',
  'dvm',
  'esq',
  'esquire',
  'cpa',
  'rn',
  'lpn',
  'np',
  'jd',
  'mba',
  'msc',
  'bsc',
  'cfp',
  'cfa',
  'pe',
  'qc',
  'kc',
  'mp',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'lcsw',
  'lmft',
  'ret',
  'usmc',
  'usn',
  'usaf',
  'realtor',
  'pa-c',
  'aprn',
  'dc',
  'od',
  'edd',
  'psyd',
  'llm',
  'frcs',
  'facs',
  'facp',
  'rph',
  'pharmd',
  'cpo',
  'gri',
]);
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'rev',
  'reverend',
  'fr',
  'father',
  'pastor',
  'rabbi',
  'sir',
  'dame',
  'lady',
  'lord',
  'hon',
  'honorable',
  'judge',
  'capt',
  'captain',
  'sgt',
  'lt',
  'col',
  'gen',
  'maj',
  'cmdr',
  'atty',
  'officer',
  'det',
  'sister',
  'brother',
  'deacon',
  'elder',
  'bishop',
  'messrs',
  'mme',
  'mlle',
  'sra',
]);
/** Whole cells, or parts in brackets, that are notes about the number rather than a name. */
const NOTES =
  /^(?:unknown|unk|n\/?a|none|null|undefined|no name|name unknown|not available|not provided|do not (?:call|text|contact)|dnc|wrong (?:number|#)|spam|test|tbd|customer|client|homeowner|owner|resident|current resident|occupant|tenant|deceased|disconnected|voicemail|landline|cell|mobile|home|work|office|lead|prospect|new lead|see notes?|referral|referred|ref|friend|neighbor|neighbour|contractor|vendor|realtor|agent|landlord)$/i;
const LOWER_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'dos',
  'das',
  'da',
  'di',
  'du',
  'la',
  'le',
  'los',
  'las',
  'y',
  'e',
  'bin',
  'bint',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'zu',
]);
/** Particles that open a surname when they stand between a given name and the surname. */
const SURNAME_PARTICLES = new Set([
  'st',
  'st.',
  'ste',
  'ste.',
  'saint',
  'san',
  'santa',
  'de',
  'del',
  'della',
  'da',
  'das',
  'dos',
  'di',
  'du',
  'van',
  'von',
  'der',
  'den',
  'bin',
  'ibn',
  'al',
  'el',
  'la',
  'le',
  'ter',
  'ten',
  'mac',
  'mc',
  'o',
]);
/** Particles that are never a given name (`Van`, `Del`, `Della`, `Al` can be: Van Johnson, Del Toro). */
const NEVER_GIVEN = new Set(['st', 'ste', 'saint', 'de', 'da', 'das', 'dos', 'du', 'der', 'den', 'bin', 'ibn', 'ter', 'ten']);
/** Small words inside an entity's name: `Estate of John Doe`, `City of Quincy`. */
const LOWER_WORDS = new Set(['of', 'and', 'the', 'for']);
/** Particles that open a surname in assessor order (`DE LA CRUZ JUAN`); `LE GINA` is the surname Le. */
const OWNER_PARTICLES = new Set([
  'de',
  'del',
  'della',
  'da',
  'das',
  'dos',
  'du',
  'van',
  'von',
  'der',
  'den',
  'st',
  'st.',
  'saint',
  'ste',
  'ter',
  'ten',
  'bin',
  'ibn',
]);
const UPPER_ABBREVIATIONS = new Set(['llc', 'lp', 'llp', 'pllc', 'pc', 'hoa', 'usa', 'ne', 'nw', 'se', 'sw', 'ii', 'iii', 'iv']);

export function isEntityName(name: string): boolean {
  return ENTITY.test(name) || /^estate of\b/i.test(name.trim());
}

const bare = (token: string) => token.toLowerCase().replace(/[.,]/g, '');
const isInitial = (token: string) => /^\p{L}\.?$/u.test(token) || /^(\p{L}\.){2,}$/u.test(token);

/** Proper case for names typed in capitals: `MCDONALD` → `McDonald`, `O'BRIEN` → `O'Brien`. */
export function titleCaseName(text: string): string {
  const hasLower = /\p{Ll}/u.test(text);
  const hasUpper = /\p{Lu}/u.test(text);
  // Names already in mixed case were typed by a person: keep their spelling.
  if (hasLower && hasUpper) return text.trim();
  return text
    .trim()
    .toLowerCase()
    .split(/(\s+|-|'|’|\.)/)
    .map((part, i, all) => {
      if (/^(\s+|-|'|’|\.)$/.test(part) || part === '') return part;
      if (UPPER_ABBREVIATIONS.has(part)) return part.toUpperCase();
      // Particles inside a surname stay lower case (`de la Cruz`), never at the start.
      if (i > 0 && (LOWER_PARTICLES.has(part) || LOWER_WORDS.has(part)) && /\s/.test(all[i - 1] ?? '') && i < all.length - 1) return part;
      if (/^mc\p{L}{2,}/u.test(part)) return `Mc${part.charAt(2).toUpperCase()}${part.slice(3)}`;
      return part.charAt(0).toUpperCase() + part.slice(1);
    })
    .join('');
}

/**
 * What is left of a name cell once everything that is not a name is gone: markup, emoji,
 * emails, phone numbers, digits, notes such as `(Unknown)` or `DO NOT CALL`.
 */
export function cleanNameText(raw: string, allowInitial = false): string {
  // Most cells are plain names: letters, spaces and name punctuation only.
  if (/^[A-Za-z][A-Za-z ,.'&-]*[A-Za-z.]$/.test(raw) && !/ {2}| -|- /.test(raw)) {
    const plain = raw.replace(/\s+,/g, ',');
    if (NOTES.test(plain)) return '';
    return /[A-Za-z]{2,}|[A-Za-z]\.?\s+[A-Za-z]/.test(plain) || (allowInitial && isInitial(plain)) ? plain : '';
  }
  let text = raw
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|#38);/gi, '&')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/[^\s@,;:<>()"']+@[^\s@,;:<>()"']+/g, ' ')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, ' ')
    .replace(/[\p{Extended_Pictographic}\p{So}\p{Cs}]|\u200d|\ufe0f/gu, ' ')
    .replace(/[`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\d+/g, ' ')
    .replace(/[_*#=~^|\\{}[\]!?$%]/g, ' ');
  // Notes in brackets or after a dash: `John Smith (DO NOT CALL)`, `DNC - John Smith`.
  text = text.replace(/\(([^)]*)\)/g, (m, inner: string) => (NOTES.test(inner.trim()) ? ' ' : m));
  text = text
    .split(/\s+[-–—]\s+|\s*;\s*/)
    .filter((part) => !NOTES.test(part.trim()))
    .join(' ');
  text = text
    .replace(/\s+/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/^[\s,&.-]+|[\s,&-]+$/g, '')
    .trim();
  if (NOTES.test(text) || !(/\p{L}{2,}|\p{L}\.?\s+\p{L}/u.test(text) || (allowInitial && isInitial(text)))) return '';
  return text;
}

/** Marks how a name was written; names are built fresh, so this changes no one else's. */
function shaped(name: PersonName, shape: NameShape): PersonName {
  name.shape = shape;
  return name;
}

const EMPTY = (original: string): PersonName => ({ firstName: '', lastName: '', company: '', original, shape: 'none' });

/** Splits off generational suffixes and post-nominals at the end: `Smith Jr, PhD` → Smith + Jr. */
function takeSuffixes(words: string[]): { words: string[]; suffix: string } {
  const out = [...words];
  let suffix = '';
  while (out.length > 1) {
    const last = bare(out[out.length - 1]!);
    const pair = out.length > 2 ? bare(out.slice(-2).join('')) : '';
    if (pair && POST_NOMINALS.has(pair)) out.splice(-2, 2);
    else if (POST_NOMINALS.has(last)) out.pop();
    else if (GENERATIONAL.has(last) && out.length > 2) suffix = suffix || out.pop()!.replace(/,$/, '');
    else if (GENERATIONAL.has(last) && out.length === 2 && !isInitial(out[0]!)) suffix = suffix || out.pop()!.replace(/,$/, '');
    else break;
  }
  return { words: out, suffix };
}

function dropTitles(words: string[]): string[] {
  const out = [...words];
  while (out.length > 1 && TITLES.has(bare(out[0]!))) out.shift();
  return out;
}

/** A generational suffix written the usual way: `Jr.` → `Jr`, `III` stays. */
function formatSuffix(suffix: string): string {
  const b = bare(suffix);
  if (b === 'jr' || b === 'sr') return b === 'jr' ? 'Jr' : 'Sr';
  return b.toUpperCase().replace(/(ND|RD|TH)$/, (m) => m.toLowerCase());
}

function finish(
  given: string[],
  surname: string[],
  suffix: string,
  extra: Partial<PersonName>,
  original: string,
  cased: (s: string) => string,
): PersonName {
  const [first = '', ...middle] = given;
  const last = [cased(surname.join(' ')), suffix ? formatSuffix(suffix) : ''].filter(Boolean).join(' ');
  const name: PersonName = { firstName: caseInitial(cased(first)), lastName: last, company: '', original, ...extra };
  if (middle.length) name.middleName = middle.map((m) => caseInitial(cased(m))).join(' ');
  return name;
}

/** Initials stay upper case however the cell was typed: `j.r.` → `J.R.`. */
function caseInitial(token: string): string {
  return isInitial(token) ? token.toUpperCase() : token;
}

/** One person's name without couples or entities: the heart of the free-text parser. */
function parseOne(text: string, original: string, cased: (s: string) => string): PersonName {
  const nicknames: string[] = [];
  // Brackets hold a nickname (`Benjamin (Ben) Franklin`) or letters that are no name (`(Ret)`, `(MBA)`).
  const notName = (t: string) =>
    t.split(/[\s,]+/).every((w) => POST_NOMINALS.has(bare(w)) || TITLES.has(bare(w)) || GENERATIONAL.has(bare(w)) || bare(w) === 'ret');
  let rest = text.replace(/\s*[("]([^()"]+)[)"]\s*/g, (_m, nick: string) => {
    if (nick.trim() && !notName(nick)) nicknames.push(cased(nick.trim()));
    return ' ';
  });
  rest = rest.replace(/(^|\s)'([^'\s][^']*[^'\s])'(?=\s|$)/g, (_m, pre: string, nick: string) => {
    if (!notName(nick)) nicknames.push(cased(nick.trim()));
    return `${pre} `;
  });
  rest = rest.replace(/\s+/g, ' ').trim();
  const extra: Partial<PersonName> = nicknames.length ? { nicknames } : {};
  // Comma segments after the name that are only suffixes or letters: `Doe, John, Jr.`, `John Smith, Ph. D.`.
  const segments = rest
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let suffix = '';
  while (segments.length > 1) {
    const seg = segments[segments.length - 1]!;
    const words = seg.split(' ');
    const joined = bare(words.join(''));
    // `Smith, J.R.` is two initials, not Junior: a suffix follows a whole name or a third segment.
    const initials = /^(\p{L}\.){2,}$/u.test(seg) && segments.length === 2;
    if (initials || (segments.length === 2 && !segments[0]!.includes(' ') && !GENERATIONAL.has(joined))) break;
    if (GENERATIONAL.has(joined) || joined === 'v') suffix = suffix || seg;
    else if (POST_NOMINALS.has(joined) || words.every((w) => POST_NOMINALS.has(bare(w)) || TITLES.has(bare(w)))) {
      // a degree or honour: dropped
    } else break;
    segments.pop();
  }
  if (segments.length === 0) return EMPTY(original);
  if (segments.length >= 2) {
    // `Last, First Middle` (QuickBooks, lead lists, `St. Pierre, Christine`).
    const surnameWords = takeSuffixes(dropTitles(segments[0]!.split(' ')));
    const givenWords = takeSuffixes(dropTitles(segments.slice(1).join(' ').split(' ')));
    return shaped(
      finish(givenWords.words, surnameWords.words, suffix || surnameWords.suffix || givenWords.suffix, extra, original, cased),
      'comma',
    );
  }
  const taken = takeSuffixes(dropTitles(segments[0]!.split(' ')));
  suffix = suffix || taken.suffix;
  const words = taken.words;
  // One word: a given name if it is one (`Cher`), otherwise a surname (`Lynch`).
  if (words.length === 1)
    return shaped(
      isKnownGivenName(bare(words[0]!))
        ? finish(words, [], suffix, extra, original, cased)
        : finish([], words, suffix, extra, original, cased),
      'free',
    );
  // Only particles before the last word: the whole is a surname (`de la Cruz`, `St. John`).
  if (NEVER_GIVEN.has(bare(words[0]!)) && words.slice(0, -1).every((w) => SURNAME_PARTICLES.has(bare(w))))
    return shaped(finish([], words, suffix, extra, original, cased), 'free');
  // `Travis G`: a given name and an initial, no surname.
  if (words.length === 2 && isInitial(words[1]!) && !isInitial(words[0]!))
    return shaped(finish(words, [], suffix, extra, original, cased), 'free');
  // A name opening with `St.` or with two particles (`van der`, `de la`) is a surname written
  // first: `St. John Michael`, `Van der Velt Melissa`.
  const w0 = bare(words[0]!);
  if (words.length >= 3 && (NEVER_GIVEN.has(w0) || (SURNAME_PARTICLES.has(w0) && SURNAME_PARTICLES.has(bare(words[1]!))))) {
    let n = 1;
    while (n < words.length - 1 && SURNAME_PARTICLES.has(bare(words[n]!))) n++;
    if (n < words.length - 1)
      return shaped(parseOne(`${words.slice(0, n + 1).join(' ')}, ${words.slice(n + 1).join(' ')}`, original, cased), 'free');
  }
  // An initial written after the surname: `Samuel Hughes M`.
  if (words.length >= 3 && isInitial(words[words.length - 1]!) && !isInitial(words[words.length - 2]!)) {
    return shaped(
      parseOne(`${words[words.length - 2]}, ${[...words.slice(0, -2), words[words.length - 1]].join(' ')}`, original, cased),
      'free',
    );
  }
  const parsed = parseFullName(words.join(' '), 'all', 0, 0, 0);
  let given = [parsed.first, parsed.middle].filter(Boolean).join(' ').split(' ').filter(Boolean);
  let surname = (parsed.last ?? '').split(' ').filter(Boolean);
  if (parsed.title) given = [...parsed.title.split(' ').filter((t) => !TITLES.has(bare(t))), ...given];
  if (parsed.suffix) {
    const s = parsed.suffix.split(/[ ,]+/).find((t) => GENERATIONAL.has(bare(t)));
    if (s) suffix = suffix || s;
    else if (!parsed.suffix.split(/[ ,]+/).every((t) => POST_NOMINALS.has(bare(t)) || GENERATIONAL.has(bare(t))))
      surname = [...surname, parsed.suffix];
  }
  // The parser takes `Van` / `Al` at the start as a surname particle: `Van Nguyen` is Van and Nguyen.
  if (given.length === 0 && surname.length >= 2) given = [surname.shift()!];
  // A particle among the middle names opens the surname: `Paul St. John`, `pennie von bergen wessels`.
  const particleAt = given.findIndex((g, i) => i > 0 && SURNAME_PARTICLES.has(bare(g)) && !isInitial(g));
  if (particleAt > 0 && given.slice(0, particleAt).every((g) => !SURNAME_PARTICLES.has(bare(g)) || particleAt === 1)) {
    const lead = given.slice(particleAt);
    // Only when the particles come right before the surname or chain to it (`von bergen`).
    if (lead.length <= 2) surname = [...given.splice(particleAt), ...surname];
  }
  if (given.length === 0) given = surname.splice(0, surname.length - 1);
  return shaped(finish(given, surname, suffix, extra, original, cased), 'free');
}

/** The casing rule for a whole cell: typed mixed case is kept, capitals and lower case are fixed. */
function caserFor(text: string): (s: string) => string {
  const mixed = /\p{Ll}/u.test(text) && /\p{Lu}/u.test(text);
  return mixed ? (s) => s : titleCaseName;
}

const COUPLE = /\s*(?:&|\+|\band\b|\bet ux\b|\bet vir\b|\bh\/w\b|\/)\s*/i;

/**
 * A name written `First Last`, `Last, First`, as a couple or as an entity.
 * `Sample, John` → John Sample; `Mr. and Mrs. John and Jane Smith` → John Smith (and Jane Smith).
 */
export function parsePersonName(raw: string): PersonName {
  const original = raw;
  const text = cleanNameText(raw);
  if (!text) return EMPTY(original);
  const cased = caserFor(text);
  if (isEntityName(text)) return { firstName: '', lastName: '', company: titleCaseName(text), original, shape: 'free' };
  // `Mr. and Mrs.`, `Dr. & Mrs.`: titles of a couple, not names.
  const untitled = text
    .replace(/^(?:(?:mr|mrs|ms|dr|miss|prof|rev)\.?\s*(?:&|and|\+)\s*)+(?:mr|mrs|ms|dr|miss|prof|rev)\.?\s+/i, '')
    .replace(/\s*\bet al\.?$/i, '');
  const parts = untitled
    .split(COUPLE)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return parseOne(untitled, original, cased);
  // `Smith, John & Jane`: the surname comes first, shared by every given name.
  const comma = parts[0]!.match(/^([^,]+),\s*(.+)$/);
  if (comma) {
    const surname = comma[1]!;
    const people = [comma[2]!, ...parts.slice(1)].map((p) =>
      p.includes(' ') && !isInitial(p.split(' ')[1]!) ? parseOne(p, original, cased) : parseOne(`${surname}, ${p}`, original, cased),
    );
    return { ...people[0]!, others: people.slice(1) };
  }
  // `John & Jane Smith`: a lone given name shares the surname of the last person named.
  const lastPerson = parseOne(parts[parts.length - 1]!, original, cased);
  const shared = lastPerson.lastName;
  const people = parts.map((p, i) => {
    if (i === parts.length - 1) return lastPerson;
    const words = p.split(' ');
    const single = words.length === 1 || (words.length === 2 && isInitial(words[1]!));
    return single && shared ? parseOne(`${shared}, ${p}`, original, cased) : parseOne(p, original, cased);
  });
  return { ...people[0]!, shape: people[0]!.shape === 'comma' ? 'free' : people[0]!.shape, others: people.slice(1) };
}

/**
 * A name from a source's own First / Last columns: their orientation is the source's word, so
 * it is kept, and only what is not a name is taken out. Repairs the cell mistakes exports carry:
 * the full name typed again in First (`Ronald Foster` | `Foster`), a whole name in one column,
 * a middle initial typed after the given name (`Travis G`).
 */
export function nameFromColumns(first: string, last: string, middle = ''): PersonName {
  const original = [first, middle, last].filter((s) => s.trim()).join(' ');
  let l = cleanNameText(last);
  // A lone initial is a given name only beside a surname: `J` | `Smith`, never `<script>…</script>M.` alone.
  let f = cleanNameText(first, l !== '');
  // `Smith, CPA` or `Smith, Jr.` in a Last column: the letters after the comma are no surname.
  if (l.includes(',') && !/\s/.test(f) && f) {
    const [surname = '', ...after] = l.split(',').map((x) => x.trim());
    const generational = after.find((a) => GENERATIONAL.has(bare(a)));
    l = [surname, generational].filter(Boolean).join(' ');
  }
  const m = cleanNameText(middle);
  if (!f && !l) return EMPTY(original);
  if (isEntityName(`${f} ${l}`.trim()))
    return { firstName: '', lastName: '', company: titleCaseName(`${f} ${l}`.trim()), original, shape: 'columns' };
  if (!l && /[\s,]/.test(f)) return { ...parsePersonName(f), original };
  if (!f && /[\s,]/.test(l)) return { ...parsePersonName(l), original };
  // The full name typed into First as well: `Ronald Foster` | `Foster`.
  if (l && f.toLowerCase().endsWith(` ${l.toLowerCase()}`)) f = f.slice(0, f.length - l.length).trim();
  if (l && f && l.toLowerCase().startsWith(`${f.toLowerCase()} `)) l = l.slice(f.length).trim();
  const cased = caserFor(`${f} ${l}`);
  const nicknames: string[] = [];
  f = f
    .replace(/\s*[("']([^()"']+)[)"']\s*/g, (_m, nick: string) => {
      nicknames.push(cased(nick.trim()));
      return ' ';
    })
    .trim();
  const givenWords = dropTitles(f.split(' ').filter(Boolean));
  const surname = takeSuffixes(l.split(' ').filter(Boolean));
  const name = finish(givenWords, surname.words, surname.suffix, nicknames.length ? { nicknames } : {}, original, cased);
  if (m) name.middleName = [caseInitial(cased(m)), name.middleName].filter(Boolean).join(' ');
  return shaped(name, 'columns');
}

/**
 * A full name whose given name the source states in a column of its own (PropertyRadar
 * `Primary Name` beside `Primary First`): the stated given name decides the orientation,
 * so `BIANCHI MEGAN` with `MEGAN` is Megan Bianchi.
 */
export function orientByGivenName(full: string, given: string): PersonName {
  const text = cleanNameText(full);
  const g = cleanNameText(given);
  if (!text || !g || isEntityName(text) || text.includes(',') || COUPLE.test(text)) return parsePersonName(full);
  const words = text.split(' ');
  const at = words.findIndex((w) => bare(w) === bare(g.split(' ')[0]!));
  if (at < 0) return parsePersonName(full);
  if (at === 0) return shaped(parsePersonName(full), 'columns');
  // LAST FIRST [MIDDLE]: what comes before the stated given name is the surname.
  const surname = words.slice(0, at).join(' ');
  const rest = words.slice(at).join(' ');
  return { ...parsePersonName(`${surname}, ${rest}`), original: full, shape: 'columns' };
}

/**
 * Assessor-style owner strings, last name first: `SMITH JOHN A & JANE B` → John Smith (A) and
 * Jane Smith (B); `SMITH JOHN & DOE MARY` keeps each last name; `DE LA CRUZ JUAN` keeps the
 * particles with the surname; entities stay whole.
 */
export function parseOwnerNames(raw: string): PersonName[] {
  const text = cleanNameText(raw.replace(/\bET\s+(?:UX|VIR|AL)\b\.?/gi, '&'));
  if (!text) return [];
  if (isEntityName(text)) return [{ firstName: '', lastName: '', company: titleCaseName(text), original: raw, shape: 'owner' }];
  const parts = text.split(/\s*(?:&|\band\b|\/|;)\s*/i).filter(Boolean);
  const cased = caserFor(text);
  const ownerName = (surname: string[], given: string[]): PersonName => {
    if (!given.length) return shaped(finish([], surname, '', {}, raw, cased), 'owner');
    const taken = takeSuffixes(given);
    return shaped(finish(taken.words, surname, taken.suffix, {}, raw, cased), 'owner');
  };
  const surnameOf = (words: string[]) => {
    // Particles lead the surname in assessor order: `DE LA CRUZ JUAN`, `VAN DYKE MARIA`, `ST PIERRE ANN`.
    let n = 1;
    while (n < words.length - 1 && (OWNER_PARTICLES.has(bare(words[n - 1]!)) || (n > 1 && bare(words[n - 1]!) === 'la'))) n++;
    return n;
  };
  const firstWords = parts[0]!.split(' ');
  const familyLength = surnameOf(firstWords);
  const family = firstWords.slice(0, familyLength);
  return parts.map((part, i) => {
    const words = part.split(' ');
    if (i === 0) return ownerName(family, words.slice(familyLength));
    // After `&` a given name (with initials) shares the first owner's surname; `DOE MARY` has its own.
    if (words.length === 2 && !isInitial(words[1]!) && !GENERATIONAL.has(bare(words[1]!))) return ownerName([words[0]!], [words[1]!]);
    if (words.length >= 3 && !isInitial(words[1]!)) {
      const n = surnameOf(words);
      return ownerName(words.slice(0, n), words.slice(n));
    }
    return ownerName(family, words);
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
