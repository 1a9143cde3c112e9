/**
 * The one way the sidebar reaches the server: google.script.run turned into typed promises.
 * The functions and their types are the Apps Script entry file's own exports (a type-only
 * import: no server code enters the sidebar), so a renamed or retyped server function fails
 * to compile here.
 */
import type * as Entry from '../src/gas/index';

type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
type EntryFunctions = typeof Entry;
/** Every entry point the sidebar may call: all but the menu items and triggers. */
export type SidebarFunctions = Omit<EntryFunctions, Entry.MenuAndTriggerFunction>;
export type Server = { [K in keyof SidebarFunctions]: Promised<SidebarFunctions[K]> };

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

export const server: Server = new Proxy({} as Server, {
  get(_target, name: string) {
    return (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const runner = google.script.run.withSuccessHandler(resolve).withFailureHandler(reject);
        const fn = runner[name] as ((...a: unknown[]) => void) | undefined;
        if (typeof fn !== 'function') {
          reject(new Error(`Unknown server function ${name}`));
          return;
        }
        fn.apply(runner, args);
      });
  },
});
