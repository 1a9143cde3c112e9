import { describe, expect, it } from 'vitest';
import { CHUNK_BUDGET_MS, chunkBudget } from '../../src/gas/chunk';

describe("a long run's chunk budget", () => {
  it('is the default when not asked, shorter when asked, and never longer or unreadable', () => {
    expect(CHUNK_BUDGET_MS).toBeLessThan((6 * 60_000) / 4);
    expect(chunkBudget(undefined)).toBe(CHUNK_BUDGET_MS);
    expect(chunkBudget(5_000)).toBe(5_000);
    expect(chunkBudget(0)).toBe(0);
    // A sidebar (or anyone calling google.script.run) cannot buy a chunk that outlives the execution.
    expect(chunkBudget(10 * 60_000)).toBe(CHUNK_BUDGET_MS);
    expect(chunkBudget(Number('soon'))).toBe(CHUNK_BUDGET_MS);
    expect(chunkBudget(-1)).toBe(0);
  });
});
