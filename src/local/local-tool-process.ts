/**
 * Runs one of the built local tools (a mock service) as a child process: it prints one JSON
 * line once it listens and exits when its standard input closes, so it never outlives the
 * process that started it. Mocks cannot share a thread with the emulator: the emulator's
 * UrlFetchApp blocks its thread while it waits for the answer.
 */
import { spawn } from 'node:child_process';
import type http from 'node:http';
import { createInterface } from 'node:readline';
import { localToolPath } from './paths';

const START_TIMEOUT_MS = 15_000;

export interface LocalToolProcess<T> {
  /** The tool's first line: where it listens and what a client needs to reach it. */
  first: T;
  stop(): Promise<void>;
}

/** `label` names the tool in errors ("the OpenPhone mock did not start"); `cleanup` runs once it has exited. */
export async function startLocalTool<T>(
  tool: 'openphone-mock' | 'quickbooks-mock',
  args: string[],
  label: string,
  cleanup: () => void = () => {},
): Promise<LocalToolProcess<T>> {
  const child = spawn(process.execPath, [localToolPath(tool), '--exit-with-stdin', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${label} did not start`)), START_TIMEOUT_MS);
    const early = (code: number | null) => {
      clearTimeout(timer);
      cleanup();
      reject(new Error(`the ${label} exited (${code}) before it listened`));
    };
    child.once('exit', early);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', early);
      resolve(JSON.parse(line) as T);
    });
  });
  return {
    first,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          cleanup();
          return resolve();
        }
        child.once('exit', () => {
          cleanup();
          resolve();
        });
        child.stdin!.end();
      }),
  };
}

/** The tool's side: listen on 127.0.0.1, print the first line, stop on a signal or when the parent goes. */
export function serveLocalTool(server: http.Server, port: number, exitWithStdin: boolean, firstLine: (url: string) => object): void {
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`${JSON.stringify(firstLine(`http://127.0.0.1:${bound}`))}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (exitWithStdin) {
    process.stdin.resume();
    process.stdin.on('end', stop);
  }
}
