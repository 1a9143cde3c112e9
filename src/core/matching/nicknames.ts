/**
 * Given names and the names people go by, from the public carltonnorthern/nicknames data set
 * (`nicknames-data.ts`, Apache-2.0). Each line links a name to the names it is known by; we read
 * every link both ways (`Jackie` finds `Jacqueline` and `Jacqueline` finds `Jackie`) but never
 * chain two links: `John`–`Jack` and `Jack`–`Jacqueline` must not make John and Jacqueline one.
 * A nickname makes two given names compatible; it never proves that two people are one.
 */
import { NICKNAMES_CSV } from './nicknames-data';

/**
 * Links the data set makes between two distinct given names that are, in a customer list, two
 * different people: masculine and feminine forms (a husband and wife Paul and Paula), a name
 * and its translation (a father John and his son Ian), genealogical "also written as" entries.
 * Spouses and parents with their children share phones and surnames, so these must stay apart.
 */
const NOT_THE_SAME = `
andrea andrew; stephanie stephen; paul paula; paul pauline; louis louise; george georgia; george georgiana;
georgia georgiana; frederica frederick; edwin edwina; emil emily; adrian adrienne; denise dennis;
justin justina; william wilma; alexander alexandria; alexander alexandra; ian john; ivan john;
johannes jonathan; jon nathan; jonathan nathan; patrick peter; derrick eric; ernest ernestine;
earnest ernestine; roger rupert; roger robin; rodger rupert; rodger robin; roger bobby; rodger bobby;
roger robby; rodger robby; angela jane; virginia jane; jane jessie; janet jessie; jamie ben; billy fred;
bill fred; will fred; willie fred; billy robert; bill robert; lisa alice; lisa melissa; alice lisa;
amelia emily; emeline emily; julia jill; leo leon; lionel leon; napoleon leon; leonidas leon; daisy margaret;
gretchen margaret; sheila cecilia; helen ellen; helen eileen; helen elaine; helena eleanor; helena elaine;
eleanor elaine; eleanor ellen; mary marion; mary maureen; mary marilyn; john jonathan; john johannes;
gilbert wilber; claire clara; clare clara; clarence clare; clarence clair; elbert albert; adelbert albert;
francis frances; sandra cassandra; felicia felix; nicholas claes; justin justus; lawrence laurinda;
laverne vernon; stephanie annie; karen karonhappuck; carrie karonhappuck; susan hannah; susannah hannah;
joanna hannah; johannah hannah; savannah anna; shelton tony; clifton tony; mercedes sadie; smith smitty;
wilson will; wilson willy; wilson willie; sullivan van; mabel amabel; aaron erin; aron erin; teresa tracy
`;

/**
 * Everyday US forms the data set lacks (it grew from a genealogy page), named here so they are
 * seen as ours and not the data set's.
 */
const ADDITIONS = `
wesley wes; jacqueline jacky; jackie jacky; jennifer jen; jennifer jenn; barbara barb; jonathan jon; jonathan jonny;
katherine katie; kathleen katie; catherine katie; zachary zach; zachary zack; alexander alec; susan suzy;
isabella izzy; michael mikey; nicholas nicky; patricia trish; robert robbie; victoria tori; william liam; david davy;
dorothy dottie; jessica jess; christopher topher; nathaniel nat; gerald gerry`;

const LINKS = new Map<string, Set<string>>();
const link = (a: string, b: string) => {
  if (a === b) return;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const set = LINKS.get(x) ?? new Set<string>();
    set.add(y);
    LINKS.set(x, set);
  }
};
for (const line of NICKNAMES_CSV.split('\n')) {
  const [name, ...known] = line.trim().split(',');
  if (!name) continue;
  for (const k of known) if (k) link(name, k);
}
for (const pair of ADDITIONS.split(';')) {
  const [a, b] = pair.trim().split(' ');
  link(a!, b!);
}
const EXCLUDED = new Set<string>();
for (const pair of NOT_THE_SAME.split(';')) {
  const [a, b] = pair.trim().split(/\s+/);
  LINKS.get(a!)?.delete(b!);
  LINKS.get(b!)?.delete(a!);
  EXCLUDED.add(`${a} ${b}`).add(`${b} ${a}`);
}

/** Every given name the data set and our additions name: `Mark` and `Mary` are both real names. */
const KNOWN = new Set<string>(LINKS.keys());
for (const line of NICKNAMES_CSV.split('\n')) for (const n of line.trim().split(',')) if (n) KNOWN.add(n);

export function isKnownGivenName(name: string): boolean {
  return KNOWN.has(name.toLowerCase());
}

/** Is this one of the data set's links we refuse (`Paul`–`Paula`)? */
export function isRefusedLink(a: string, b: string): boolean {
  return EXCLUDED.has(`${a.toLowerCase()} ${b.toLowerCase()}`);
}

/** True when two given names can be the same person's: `Bob`/`Robert`, `Jackie`/`Jacqueline`. */
export function nicknameEquivalent(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  return LINKS.get(x)?.has(y) ?? false;
}

/** Every link the comparison knows, for tests and the README's figures. */
export function nicknameLinks(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  LINKS.forEach((set, a) => set.forEach((b) => a < b && pairs.push([a, b])));
  return pairs;
}

/** The data set's own lines, as `[name, ...known by]`, for tests that go over all of it. */
export function nicknameRows(): string[][] {
  return NICKNAMES_CSV.split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(',').filter(Boolean));
}
