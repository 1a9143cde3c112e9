import type { Clock } from '../../src/core/ports';

/** A clock that moves only when the code sleeps (or a test advances it): pacing is exact and instant. */
export function fakeClock(start = Date.parse('2026-03-02T09:00:00Z')): Clock & { advance(ms: number): void; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
    },
    advance: (ms) => void (t += ms),
  };
}
