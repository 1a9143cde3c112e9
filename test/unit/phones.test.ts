import { describe, expect, it } from 'vitest';
import { extractPhones, normalizePhone } from '../../src/core/phones';

// One row per line of the phone-format catalogue (source formats reference, §5).
const valid: Array<[string, string, string?]> = [
  ['(617) 555-0123', '+16175550123'],
  ['617-555-0123', '+16175550123'],
  ['617.555.0123', '+16175550123'],
  ['617 555 0123', '+16175550123'],
  ['6175550123', '+16175550123'],
  ['16175550123', '+16175550123'],
  ['+16175550123', '+16175550123'],
  ['6175550123.0', '+16175550123'],
  ['617.555.0123 x12', '+16175550123', '12'],
  ['617-555-0123 ext. 12', '+16175550123', '12'],
  ['+44 20 7946 0000', '+442079460000'],
  ['+1 (617) 555-0163', '+16175550163'],
];

describe('normalizePhone', () => {
  it.each(valid)('%s → %s', (raw, e164, ext) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.phone.e164).toBe(e164);
    expect(r.phone.extension).toBe(ext);
  });

  it.each([
    ['6.17555E+09', 'scientific-notation'],
    ['6.175550123e9', 'scientific-notation'],
    ['555-1234', 'no-area-code'],
    ['555-5555-6666', 'invalid'],
    ['12', 'invalid'],
    ['(000) 555-1234', 'invalid'],
  ])('%s is flagged %s, never guessed', (raw, reason) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.reason).toBe(reason);
  });
});

describe('extractPhones', () => {
  it('splits QuickBooks labelled numbers in one cell and keeps the labels', () => {
    const r = extractPhones('Phone:(617) 555-0121 Mobile:(617) 555-0122');
    expect(r.phones.map((p) => [p.label, p.e164])).toEqual([
      ['Phone', '+16175550121'],
      ['Mobile', '+16175550122'],
    ]);
  });

  it('drops fax numbers and repeats of the same number', () => {
    const r = extractPhones('Phone:617-555-0121 Mobile:(617) 555-0121 Fax:617-555-0199');
    expect(r.phones.map((p) => p.e164)).toEqual(['+16175550121']);
  });

  it.each([
    ['787.787.7733/787.743.1273', ['+17877877733', '+17877431273']],
    ['+1 617-555-0151 ::: (617) 555-0152', ['+16175550151', '+16175550152']],
    ['617-555-0101; 617-555-0102', ['+16175550101', '+16175550102']],
    ['617-555-0101\n617-555-0102', ['+16175550101', '+16175550102']],
    ['617/555-0123', ['+16175550123']],
    ['617-555-0123 (cell)', ['+16175550123']],
  ])('splits %j', (cell, expected) => {
    expect(extractPhones(cell).phones.map((p) => p.e164)).toEqual(expected);
  });

  it('reports unreadable parts and keeps the readable ones', () => {
    const r = extractPhones('617-555-0101 / 555-1234');
    expect(r.phones.map((p) => p.e164)).toEqual(['+16175550101']);
    expect(r.problems).toEqual([{ raw: ' 555-1234', reason: 'no-area-code' }]);
  });

  it('finds nothing in empty or non-phone cells', () => {
    expect(extractPhones('').phones).toEqual([]);
    expect(extractPhones(null).phones).toEqual([]);
    expect(extractPhones('n/a').phones).toEqual([]);
  });
});
