// How one call() behaves as one Apps Script execution.
import { afterEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run } from './helpers';

let em: Emulator;
afterEach(() => em?.dispose());

describe('execution time limit — https://developers.google.com/apps-script/guides/services/quotas (script runtime 6 min / execution)', () => {
  test('a pure CPU loop is stopped', () => {
    em = probeEmulator({ timeLimitMs: 200 });
    const started = Date.now();
    expect(() => em.call('spin')).toThrow('Exceeded maximum execution time');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a sleep that would cross the deadline sleeps until it, then the run ends', () => {
    em = probeEmulator({ timeLimitMs: 300 });
    const started = Date.now();
    expect(() => run(em, 'Utilities.sleep(5000)')).toThrow('Exceeded maximum execution time');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(1500);
  });

  test('service calls notice the deadline; a script that catches the error still ends there', () => {
    em = probeEmulator({ timeLimitMs: 200 });
    expect(() => em.call('sleepForever')).toThrow('Exceeded maximum execution time');
    expect(() => em.call('catchesTimeLimit')).toThrow('Exceeded maximum execution time');
    // The next execution has its own six minutes (here: 200 ms).
    expect(run(em, '1 + 1')).toBe(2);
  });

  test("the default is Apps Script's 6 minutes", () => {
    em = probeEmulator();
    expect(run(em, 'Utilities.sleep(10); 1')).toBe(1);
  });
});

describe('the script sees only Apps Script globals — https://developers.google.com/apps-script/guides/v8-runtime', () => {
  test('no Node or browser host APIs', () => {
    em = probeEmulator();
    expect(em.call('globalsSeen')).toEqual([]);
  });

  test('each execution starts from a fresh global scope, as each Apps Script run loads the script anew', () => {
    em = probeEmulator();
    expect(em.call('bump')).toBe(1);
    expect(em.call('bump')).toBe(1);
  });
});

describe('arguments and results cross like google.script.run — https://developers.google.com/apps-script/guides/html/reference/run', () => {
  test('primitives, arrays and objects are copied; undefined in arrays becomes null', () => {
    em = probeEmulator();
    const input = { a: [1, undefined, 'x'], b: { c: true }, d: undefined };
    const out = em.call<unknown[]>('echo', input, 'text', 3);
    expect(out).toStrictEqual([{ a: [1, null, 'x'], b: { c: true } }, 'text', 3]);
    expect(input.a[1]).toBeUndefined();
  });

  test('Dates and functions are refused, also nested', () => {
    em = probeEmulator();
    expect(() => em.call('echo', new Date())).toThrow(/Illegal value for google.script.run: a Date at argument 1/);
    expect(() => em.call('echo', { when: [new Date()] })).toThrow(/a Date at argument 1\.when\[0\]/);
    expect(() => em.call('echo', () => 1)).toThrow(/a function at argument 1/);
  });

  test('a missing or private function is not found', () => {
    em = probeEmulator();
    expect(() => em.call('nope')).toThrow('Script function not found: nope');
    expect(() => em.call('helper_')).toThrow(/Script function not found: helper_/);
  });
});

test('a script error arrives as a Node Error with the same message — https://developers.google.com/apps-script/guides/support/troubleshooting', () => {
  em = probeEmulator();
  let caught: unknown;
  try {
    em.call('throwsTypeError');
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).message).toMatch(/Cannot read properties of null/);
  expect(() => run(em, `throw new Error('Bad file: row 3')`)).toThrow('Bad file: row 3');
  expect(() => run(em, `throw 'plain text'`)).toThrow('plain text');
});

test("service errors are Errors of the script's own realm, so instanceof Error holds inside it", () => {
  em = probeEmulator();
  expect(
    run(em, `try { SpreadsheetApp.getActive().getSheets()[0].getRange(0, 1); } catch (e) { [e instanceof Error, e.message] }`),
  ).toEqual([true, 'The starting row of the range is too small.']);
});

test('dispose lets the process exit: the HTTP worker is stopped', () => {
  em = probeEmulator();
  em.dispose();
  expect(() => em.call('bump')).toThrow('the emulator has been disposed');
});
