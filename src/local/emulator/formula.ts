/**
 * The few formulas the emulator computes itself: arithmetic and text over literals. Anything
 * that needs the grid or a function library yields the error value Sheets would show for a name
 * it cannot resolve, so a script that relies on a computed formula fails loudly instead of
 * reading a made-up result.
 */
export type FormulaResult = string | number | boolean;

export const PARSE_ERROR = '#ERROR!';
export const NAME_ERROR = '#NAME?';
export const DIV_ERROR = '#DIV/0!';
export const VALUE_ERROR = '#VALUE!';

class SheetError {
  constructor(readonly code: string) {}
}
class ParseFailure extends Error {}

type Value = FormulaResult | SheetError;
type Token = { kind: 'num'; n: number } | { kind: 'str'; s: string } | { kind: 'id'; s: string } | { kind: 'op'; s: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?/.exec(src.slice(i));
    if (num) {
      const text = num[0];
      const n = Number(text.replace('%', ''));
      tokens.push({ kind: 'num', n: text.endsWith('%') ? n / 100 : n });
      i += text.length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new ParseFailure('unterminated string');
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      tokens.push({ kind: 'str', s });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_$][A-Za-z0-9_.$]*/.exec(src.slice(i));
    if (id) {
      tokens.push({ kind: 'id', s: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/^&(),=<>:!])/.exec(src.slice(i));
    if (!op) throw new ParseFailure(`unexpected ${ch}`);
    tokens.push({ kind: 'op', s: op[0] });
    i += op[0].length;
  }
  return tokens;
}

function toNumber(v: Value): number | SheetError {
  if (v instanceof SheetError) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === '') return 0;
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : new SheetError(VALUE_ERROR);
}

function toText(v: FormulaResult): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly allowNames: boolean,
  ) {}

  parseAll(): Value {
    const v = this.comparison();
    if (this.pos < this.tokens.length) throw new ParseFailure('trailing input');
    return v;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.tokens[this.pos];
    return t && t.kind === 'op' && ops.includes(t.s) ? t.s : undefined;
  }

  private comparison(): Value {
    let left = this.concat();
    for (let op = this.peekOp('=', '<>', '<', '>', '<=', '>='); op; op = this.peekOp('=', '<>', '<', '>', '<=', '>=')) {
      this.pos++;
      const right = this.concat();
      if (left instanceof SheetError) continue;
      if (right instanceof SheetError) {
        left = right;
        continue;
      }
      const a = typeof left === 'string' ? left.toLowerCase() : left;
      const b = typeof right === 'string' ? right.toLowerCase() : right;
      const cmp = a < b ? -1 : a > b ? 1 : 0;
      left = { '=': cmp === 0, '<>': cmp !== 0, '<': cmp < 0, '>': cmp > 0, '<=': cmp <= 0, '>=': cmp >= 0 }[op]!;
    }
    return left;
  }

  private concat(): Value {
    let left = this.additive();
    while (this.peekOp('&')) {
      this.pos++;
      const right = this.additive();
      if (left instanceof SheetError) continue;
      left = right instanceof SheetError ? right : toText(left) + toText(right);
    }
    return left;
  }

  private additive(): Value {
    let left = this.multiplicative();
    for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
      this.pos++;
      const right = this.multiplicative();
      left = arith(left, right, (a, b) => (op === '+' ? a + b : a - b));
    }
    return left;
  }

  private multiplicative(): Value {
    let left = this.power();
    for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
      this.pos++;
      const right = this.power();
      left = arith(left, right, (a, b) => (op === '*' ? a * b : b === 0 ? new SheetError(DIV_ERROR) : a / b));
    }
    return left;
  }

  private power(): Value {
    const base = this.unary();
    if (!this.peekOp('^')) return base;
    this.pos++;
    return arith(base, this.power(), (a, b) => a ** b);
  }

  private unary(): Value {
    const op = this.peekOp('+', '-');
    if (!op) return this.primary();
    this.pos++;
    const v = this.unary();
    if (op === '+') return v;
    const n = toNumber(v);
    return n instanceof SheetError ? n : -n;
  }

  private primary(): Value {
    const t = this.tokens[this.pos++];
    if (!t) throw new ParseFailure('unexpected end');
    if (t.kind === 'num') return t.n;
    if (t.kind === 'str') return t.s;
    if (t.kind === 'op') {
      if (t.s !== '(') throw new ParseFailure(`unexpected ${t.s}`);
      const v = this.comparison();
      if (!this.peekOp(')')) throw new ParseFailure('missing )');
      this.pos++;
      return v;
    }
    const upper = t.s.toUpperCase();
    if (this.peekOp('(')) {
      // A function call: parse its arguments so a syntax error still reads as one.
      this.pos++;
      if (!this.peekOp(')')) {
        this.comparison();
        while (this.peekOp(',')) {
          this.pos++;
          this.comparison();
        }
      }
      if (!this.peekOp(')')) throw new ParseFailure('missing )');
      this.pos++;
      if (!this.allowNames) throw new ParseFailure('function outside a formula');
      if (upper === 'TRUE') return true;
      if (upper === 'FALSE') return false;
      return new SheetError(NAME_ERROR);
    }
    if (upper === 'TRUE') return true;
    if (upper === 'FALSE') return false;
    if (!this.allowNames) throw new ParseFailure('name outside a formula');
    // Cell references would need recalculation over the grid, which the emulator does not do.
    if (/^\$?[A-Z]{1,3}\$?\d+$/.test(upper) || this.peekOp(':', '!')) return new SheetError(PARSE_ERROR);
    return new SheetError(NAME_ERROR);
  }
}

function arith(a: Value, b: Value, f: (x: number, y: number) => number | SheetError): Value {
  const x = toNumber(a);
  if (x instanceof SheetError) return x;
  const y = toNumber(b);
  if (y instanceof SheetError) return y;
  return f(x, y);
}

/**
 * Evaluates a formula body (without its leading '='). `allowNames` is false for text a user
 * typed with a leading + or -, which Sheets only accepts when it is arithmetic.
 */
export function evaluateFormula(body: string, allowNames = true): FormulaResult {
  try {
    const tokens = tokenize(body);
    if (tokens.length === 0) return PARSE_ERROR;
    const v = new Parser(tokens, allowNames).parseAll();
    if (v instanceof SheetError) return v.code;
    if (typeof v === 'number' && !Number.isFinite(v)) return '#NUM!';
    return v;
  } catch (e) {
    if (e instanceof ParseFailure) return PARSE_ERROR;
    throw e;
  }
}
