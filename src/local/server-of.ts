/**
 * The add-on's entry points called from Node (command line, demo, tests, benchmarks) with the
 * types of src/gas/index.ts itself: `serverOf(emulator).runMatch()` runs one Apps Script
 * execution of the built bundle, exactly as a menu item or google.script.run would.
 */
import type * as Entry from '../gas/index';
import type { Emulator } from './emulator';

export type AddOnServer = { [K in keyof typeof Entry]: (typeof Entry)[K] };

export function serverOf(emulator: Emulator): AddOnServer {
  return new Proxy({} as AddOnServer, {
    get: (_target, name) => (typeof name === 'string' ? (...args: unknown[]) => emulator.call(name, ...args) : undefined),
  });
}
