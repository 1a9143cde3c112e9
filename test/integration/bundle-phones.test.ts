// The bundle carries the phone metadata without its formatting rules (build.mjs): it must read
// every number exactly as the library with its full metadata does. One example number of every
// country libphonenumber knows, written the ways people write them, goes through the built
// add-on and through the library itself.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/core/phones';
import { createEmulator, displayValues, newWorkbook } from '../../src/local/emulator';
import { serverOf } from '../../src/local/server-of';

const examples = createRequire(import.meta.url)('libphonenumber-js/examples.mobile.json') as Record<string, string>;
const callingCodes = (createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as { countries: Record<string, [string]> })
  .countries;

describe('phones in the bundle', () => {
  it('reads one example number of every country, international and national, as the full metadata does', () => {
    const inputs: string[] = [];
    for (const [country, national] of Object.entries(examples)) {
      const code = callingCodes[country]?.[0];
      if (!code) continue;
      inputs.push(`+${code} ${national}`, `+${code}${national}`, `00${code} ${national}`);
    }
    // US numbers as offices type them, and things that are not numbers.
    inputs.push('(617) 555-0123', '617.555.0123 x12', '6175550123.0', '1-800-555-0199', '555-0123', '+1 617 555 01', 'call me');
    expect(inputs.length).toBeGreaterThan(600);

    const expected = new Set<string>();
    for (const raw of inputs) {
      const r = normalizePhone(raw);
      if (r.ok) expected.add(r.phone.e164);
    }
    const emulator = createEmulator({ workbook: newWorkbook('phones') });
    try {
      const csv = `Phone\n${inputs.map((p) => `"${p}"`).join('\n')}\n`;
      const summary = serverOf(emulator).importConversationsCsv('phones.csv', csv);
      const sheet = emulator.workbook.sheets.find((s) => s.name === 'Conversations')!;
      const read = new Set(
        displayValues(sheet)
          .slice(1)
          .map((r) => r[0]!),
      );
      expect([...read].sort()).toEqual([...expected].sort());
      // What the bundle could not read, the library with its full metadata cannot read either.
      expect(summary.problemCount).toBeGreaterThan(100);
      for (const p of summary.problems) expect(normalizePhone(p.value).ok, p.value).toBe(false);
      expect(expected.size).toBeGreaterThan(200);
    } finally {
      emulator.dispose();
    }
  });
});
