/**
 * The part of the QuickBooks query language the mock understands, read as strictly as the real
 * parser (reference source-formats.md §2g; Intuit's data-queries page,
 * https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries):
 *
 *   SELECT * | COUNT(*) FROM <entity> [WHERE <cond> [AND <cond>]…] [ORDERBY <field> [ASC|DESC], …]
 *   [STARTPOSITION n] [MAXRESULTS m]
 *
 * with `=`, `<`, `>`, `<=`, `>=`, `IN (…)` and `LIKE '%…%'` on the properties Intuit marks
 * filterable. Keywords, entity and property names are case-insensitive (Intuit's own sample
 * writes `Metadata.LastUpdatedTime`). What the real service refuses, this refuses with its codes:
 * 4000 "Error parsing query" for a syntax or lexical error (detail `QueryParserError: Encountered
 * …` / `Invalid content. Lexical error …`, as quoted in mcohen01/node-quickbooks#56,
 * pbrink231/quickbooks-node-promise#1, intuit/QuickBooks-V3-PHP-SDK#8) and 4001 "Invalid query"
 * for a property that cannot be filtered (`QueryValidationError: property 'PrimaryEmailAddr' is
 * not queryable`, ruckus/quickbooks-ruby#403). Where the reference says nothing the mock refuses
 * too: MAXRESULTS above 1000 (the documented maximum), STARTPOSITION below 1 (it is 1-based), OR
 * (the documentation lists it as unsupported), projections.
 */
import type { QuickBooksCompany } from './entities';

export interface QueryRefusal {
  code: '4000' | '4001';
  message: 'Error parsing query' | 'Invalid query';
  detail: string;
}

type Kind = 'id' | 'ref' | 'bool' | 'string' | 'number' | 'date' | 'datetime';
type Op = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';
type Value = string | number | boolean;

interface Property {
  name: string;
  kind: Kind;
  /** Where the value lives in the entity's JSON. */
  path: string[];
}

const COMMON: Property[] = [
  { name: 'Id', kind: 'id', path: ['Id'] },
  { name: 'MetaData.CreateTime', kind: 'datetime', path: ['MetaData', 'CreateTime'] },
  { name: 'MetaData.LastUpdatedTime', kind: 'datetime', path: ['MetaData', 'LastUpdatedTime'] },
];
const TRANSACTION: Property[] = [
  ...COMMON,
  { name: 'TxnDate', kind: 'date', path: ['TxnDate'] },
  { name: 'CustomerRef', kind: 'ref', path: ['CustomerRef', 'value'] },
  { name: 'TotalAmt', kind: 'number', path: ['TotalAmt'] },
];
const text = (name: string, path = [name]): Property => ({ name, kind: 'string', path });

/** The entities served, their filterable properties (per Intuit's entity reference), and where their rows come from. */
export const ENTITIES: Record<string, { properties: Property[]; rows: (company: QuickBooksCompany) => object[] }> = {
  Customer: {
    properties: [
      ...COMMON,
      { name: 'Active', kind: 'bool', path: ['Active'] },
      { name: 'Job', kind: 'bool', path: ['Job'] },
      { name: 'ParentRef', kind: 'ref', path: ['ParentRef', 'value'] },
      { name: 'Balance', kind: 'number', path: ['Balance'] },
      ...['DisplayName', 'GivenName', 'MiddleName', 'FamilyName', 'CompanyName', 'FullyQualifiedName', 'PrintOnCheckName'].map((n) =>
        text(n),
      ),
      text('PrimaryEmailAddr', ['PrimaryEmailAddr', 'Address']),
    ],
    rows: (company) => company.customers,
  },
  Invoice: {
    properties: [
      ...TRANSACTION,
      text('DocNumber'),
      { name: 'DueDate', kind: 'date', path: ['DueDate'] },
      { name: 'Balance', kind: 'number', path: ['Balance'] },
    ],
    rows: (company) => company.invoices,
  },
  Payment: { properties: TRANSACTION, rows: (company) => company.payments },
  // Customer transactions the mock company simply has none of: a query for them is valid and empty.
  SalesReceipt: { properties: [...TRANSACTION, text('DocNumber')], rows: () => [] },
  Estimate: { properties: [...TRANSACTION, text('DocNumber')], rows: () => [] },
  CreditMemo: { properties: [...TRANSACTION, text('DocNumber')], rows: () => [] },
  RefundReceipt: { properties: [...TRANSACTION, text('DocNumber')], rows: () => [] },
};

export const MAX_RESULTS = 1000;
const DEFAULT_RESULTS = 100;

interface Condition {
  property: Property;
  op: Op;
  values: Value[];
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  conditions: Condition[];
  orderBy: Array<{ property: Property; descending: boolean }>;
  startPosition: number;
  maxResults: number;
}

export type QueryResult =
  { count: true; entity: string; total: number } | { count: false; entity: string; rows: object[]; startPosition: number };

interface Token {
  kind: 'word' | 'string' | 'number' | 'symbol' | 'eof';
  text: string;
  column: number;
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'in',
  'like',
  'orderby',
  'order',
  'by',
  'asc',
  'desc',
  'startposition',
  'maxresults',
  'count',
  'true',
  'false',
  'iterator',
]);

class Refused extends Error {
  constructor(readonly refusal: QueryRefusal) {
    super(refusal.detail);
  }
}

const parseError = (detail: string) => new Refused({ code: '4000', message: 'Error parsing query', detail: `QueryParserError: ${detail}` });
const invalid = (detail: string) => new Refused({ code: '4001', message: 'Invalid query', detail: `QueryValidationError: ${detail}` });

export function parseQuery(query: string): ParsedQuery | QueryRefusal {
  try {
    return new Parser(tokenize(query)).query();
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

export function isRefusal(v: ParsedQuery | QueryRefusal): v is QueryRefusal {
  return 'code' in v;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(query.slice(i))!;
      tokens.push({ kind: 'word', text: m[0], column });
      i += m[0].length;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(?:\.[0-9]+)?/.exec(query.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], column });
      i += m[0].length;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < query.length && query[j] !== "'"; j++) {
        // A quote inside a value is written \' (mcohen01/node-quickbooks#56).
        if (query[j] === '\\' && j + 1 < query.length) j++;
        value += query[j];
      }
      if (j >= query.length) throw lexical(column, ch);
      tokens.push({ kind: 'string', text: value, column });
      i = j + 1;
    } else if (query.startsWith('<=', i) || query.startsWith('>=', i)) {
      tokens.push({ kind: 'symbol', text: query.slice(i, i + 2), column });
      i += 2;
    } else if ('*(),=<>'.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, column });
      i++;
    } else {
      throw lexical(column, ch);
    }
  }
  tokens.push({ kind: 'eof', text: '', column: query.length + 1 });
  return tokens;
}

function lexical(column: number, ch: string): Refused {
  return parseError(`Invalid content. Lexical error at line 1, column ${column}.  Encountered: "${ch}" (${ch.charCodeAt(0)}), after : ""`);
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  query(): ParsedQuery {
    if (this.peek().kind === 'eof') throw parseError('Encountered "<EOF>" at line 0, column 0.\nWas expecting:\n    "select" ...\n    ');
    this.keyword('select');
    let count = false;
    if (this.isKeyword('count')) {
      this.next();
      this.symbol('(');
      this.symbol('*');
      this.symbol(')');
      count = true;
    } else if (this.peek().text === '*') {
      this.next();
    } else {
      // The service answers every property of an entity: there are no projections.
      const t = this.peek();
      throw t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())
        ? invalid(`projections are not supported, select * instead of ${t.text}`)
        : this.unexpected(['"*"', '"count"']);
    }
    this.keyword('from');
    const entityToken = this.next();
    const entity = Object.keys(ENTITIES).find((e) => e.toLowerCase() === entityToken.text.toLowerCase());
    if (entityToken.kind !== 'word' || KEYWORDS.has(entityToken.text.toLowerCase())) throw this.unexpected(['<IDENTIFIER>'], entityToken);
    if (!entity) throw invalid(`entity '${entityToken.text}' is not supported`);
    const properties = ENTITIES[entity]!.properties;
    const conditions: Condition[] = [];
    if (this.isKeyword('where')) {
      this.next();
      conditions.push(this.condition(properties));
      for (;;) {
        if (this.isKeyword('and')) {
          this.next();
          conditions.push(this.condition(properties));
        } else if (this.isKeyword('or')) {
          throw invalid('OR is not supported, use IN or separate queries');
        } else break;
      }
    }
    const orderBy: ParsedQuery['orderBy'] = [];
    if (this.isKeyword('orderby') || this.isKeyword('order')) {
      if (this.next().text.toLowerCase() === 'order') this.keyword('by');
      for (;;) {
        const field = this.next();
        if (field.kind !== 'word') throw this.unexpected(['<IDENTIFIER>'], field);
        const property = this.property(properties, field.text);
        let descending = false;
        if (this.isKeyword('asc') || this.isKeyword('desc')) descending = this.next().text.toLowerCase() === 'desc';
        orderBy.push({ property, descending });
        if (this.peek().text !== ',') break;
        this.next();
      }
    }
    let startPosition: number | undefined;
    let maxResults: number | undefined;
    while (this.isKeyword('startposition') || this.isKeyword('maxresults')) {
      const which = this.next().text.toLowerCase();
      const n = this.next();
      if (n.kind !== 'number' || !/^-?\d+$/.test(n.text)) throw this.unexpected(['<INTEGER>'], n);
      const value = Number(n.text);
      if (which === 'startposition') {
        if (startPosition !== undefined) throw this.unexpected(['<EOF>'], n);
        if (value < 1) throw invalid(`STARTPOSITION ${value} is before the first result (positions start at 1)`);
        startPosition = value;
      } else {
        if (maxResults !== undefined) throw this.unexpected(['<EOF>'], n);
        if (value < 1 || value > MAX_RESULTS) throw invalid(`MAXRESULTS ${value} is not between 1 and ${MAX_RESULTS}`);
        maxResults = value;
      }
    }
    if (this.peek().kind !== 'eof') throw this.unexpected(['<EOF>', '<AND>', '"maxresults"', '"orderby"', '"startposition"']);
    return { count, entity, conditions, orderBy, startPosition: startPosition ?? 1, maxResults: maxResults ?? DEFAULT_RESULTS };
  }

  private condition(properties: Property[]): Condition {
    const field = this.next();
    if (field.kind !== 'word' || KEYWORDS.has(field.text.toLowerCase())) throw this.unexpected(['<IDENTIFIER>'], field);
    const property = this.property(properties, field.text);
    const opToken = this.next();
    const op = opToken.kind === 'symbol' ? opToken.text : opToken.text.toUpperCase();
    let values: Value[];
    if (op === 'IN') {
      this.symbol('(');
      values = [this.value()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.value());
      }
      this.symbol(')');
    } else if (['=', '<', '>', '<=', '>=', 'LIKE'].includes(op)) {
      values = [this.value()];
    } else {
      throw this.unexpected(['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"'], opToken);
    }
    return check({ property, op: op as Op, values });
  }

  private property(properties: Property[], name: string): Property {
    const property = properties.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!property) throw invalid(`property '${name}' is not queryable`);
    return property;
  }

  private value(): Value {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    throw this.unexpected(['<STRING>', '<NUMBER>', '"true"', '"false"'], t);
  }

  private keyword(word: string): void {
    const t = this.next();
    if (t.kind !== 'word' || t.text.toLowerCase() !== word) throw this.unexpected([`"${word}"`], t);
  }

  private symbol(s: string): void {
    const t = this.next();
    if (t.text !== s || t.kind !== 'symbol') throw this.unexpected([`"${s}"`], t);
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const t = this.tokens[this.at]!;
    if (t.kind !== 'eof') this.at++;
    return t;
  }

  /** JavaCC's message, as the service prints it. */
  private unexpected(expected: string[], t: Token = this.peek()): Refused {
    const seen =
      t.kind === 'eof'
        ? '<EOF>'
        : ` ${t.kind === 'string' ? '<STRING>' : t.kind === 'number' ? '<INTEGER>' : t.kind === 'word' ? '<IDENTIFIER>' : ''} "${t.text} "`;
    return parseError(
      `Encountered "${seen}" at line 1, column ${t.column}.\nWas expecting one of:\n${expected.map((e) => `    ${e} ...\n`).join('')}    `,
    );
  }
}

/** The operators and value types each kind of property takes. */
function check(c: Condition): Condition {
  const { kind, name } = c.property;
  const allowed: Record<Kind, Op[]> = {
    id: ['=', 'IN'],
    ref: ['=', 'IN'],
    bool: ['=', 'IN'],
    string: ['=', 'IN', 'LIKE'],
    number: ['=', '<', '>', '<=', '>='],
    date: ['=', '<', '>', '<=', '>='],
    datetime: ['=', '<', '>', '<=', '>='],
  };
  if (!allowed[kind].includes(c.op)) throw invalid(`operator ${c.op} is not supported for property '${name}'`);
  for (const v of c.values) {
    const ok =
      kind === 'bool'
        ? typeof v === 'boolean'
        : kind === 'number'
          ? typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
          : kind === 'date'
            ? typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
            : kind === 'datetime'
              ? typeof v === 'string' && instant(v) !== null
              : typeof v === 'string';
    if (!ok) throw invalid(`value ${JSON.stringify(v)} is not valid for property '${name}'`);
  }
  return c;
}

export function runQuery(q: ParsedQuery, company: QuickBooksCompany): QueryResult {
  let rows = ENTITIES[q.entity]!.rows(company);
  rows = rows.filter((row) => q.conditions.every((c) => matches(row, c)));
  // Inactive customers are left out unless the query asks about Active (reference §2g).
  if (q.entity === 'Customer' && !q.conditions.some((c) => c.property.name === 'Active')) {
    rows = rows.filter((row) => (row as { Active?: boolean }).Active === true);
  }
  if (q.count) return { count: true, entity: q.entity, total: rows.length };
  const order = q.orderBy.length > 0 ? q.orderBy : [{ property: ENTITIES[q.entity]!.properties[0]!, descending: false }];
  rows = [...rows].sort((a, b) => {
    for (const { property, descending } of order) {
      const d = compare(valueAt(a, property), valueAt(b, property), property.kind);
      if (d !== 0) return descending ? -d : d;
    }
    return 0;
  });
  return {
    count: false,
    entity: q.entity,
    rows: rows.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults),
    startPosition: q.startPosition,
  };
}

function valueAt(row: object, property: Property): unknown {
  let v: unknown = row;
  for (const key of property.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function matches(row: object, c: Condition): boolean {
  const actual = valueAt(row, c.property);
  if (actual === undefined || actual === null) return false;
  if (c.op === 'IN') return c.values.some((v) => compare(actual, v, c.property.kind) === 0);
  const v = c.values[0]!;
  if (c.op === 'LIKE') {
    const pattern = String(v)
      .split('%')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${pattern}$`, 'i').test(String(actual));
  }
  const d = compare(actual, v, c.property.kind);
  return c.op === '=' ? d === 0 : c.op === '<' ? d < 0 : c.op === '>' ? d > 0 : c.op === '<=' ? d <= 0 : d >= 0;
}

function compare(a: unknown, b: unknown, kind: Kind): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  switch (kind) {
    case 'number':
      return Number(a) - Number(b);
    case 'id':
    case 'ref':
      return Number(a) - Number(b) || String(a).localeCompare(String(b));
    case 'bool':
      return Number(a) - Number(b);
    case 'datetime':
      return (instant(String(a)) ?? 0) - (instant(String(b)) ?? 0);
    case 'date':
      return String(a).localeCompare(String(b));
    case 'string':
      return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  }
}

/** A query's time: with its offset as given, or without one in the Pacific time the service keeps. */
export function instant(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return null;
  if (zone === 'Z') return utc;
  if (zone) {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    return utc - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  // Pacific is UTC-8 or UTC-7; try both and keep the one whose wall clock reads as written.
  for (const hours of [8, 7]) {
    const guess = utc + hours * 3_600_000;
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      hourCycle: 'h23',
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(new Date(guess))
      .replace(', ', 'T');
    if (wall === `${y}-${mo}-${d}T${h}:${mi}:${s}`) return guess;
  }
  return utc + 8 * 3_600_000;
}
