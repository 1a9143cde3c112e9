/**
 * The one way the sidebar reaches the server: google.script.run turned into typed promises.
 * Function names and types come from src/core/rpc.ts, shared with the server.
 */
import type { ServerFunctions } from '../src/core/rpc';

type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
export type Server = { [K in keyof ServerFunctions]: Promised<ServerFunctions[K]> };

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
