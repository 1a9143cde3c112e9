/**
 * Starts the OpenPhone mock in a child process. It cannot share a thread with the emulator:
 * the emulator's UrlFetchApp blocks its thread while it waits for the answer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { localToolPath } from '../paths';
import type { MockContact } from './contacts';
import type { Faults, MockStats } from './server';

export interface MockLaunchOptions {
  conversations?: number;
  apiKey?: string;
  port?: number;
  seed?: number;
  participants?: string[];
  errorShape?: 'spec' | 'live';
  rateLimitPerSecond?: number;
  faults?: Faults;
  /** The workspace defines no contact custom fields. */
  noCustomFields?: boolean;
  otherWorkspaceKey?: string;
}

export interface MockHandle {
  url: string;
  apiKey: string;
  /** The mock's request counters (requests, rateLimited, peakPerSecond, …). */
  stats(): Promise<MockStats>;
  /** Every contact the workspace of `key` (default: the main key) holds. */
  contacts(key?: string): Promise<MockContact[]>;
  setFaults(faults: Faults): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

export async function startOpenPhoneMock(options: MockLaunchOptions = {}): Promise<MockHandle> {
  const args = ['--exit-with-stdin', '--port', String(options.port ?? 0)];
  if (options.conversations !== undefined) args.push('--conversations', String(options.conversations));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.apiKey) args.push('--api-key', options.apiKey);
  if (options.errorShape) args.push('--error-shape', options.errorShape);
  if (options.rateLimitPerSecond) args.push('--rate-limit', String(options.rateLimitPerSecond));
  if (options.faults) args.push('--faults', JSON.stringify(options.faults));
  if (options.noCustomFields) args.push('--no-custom-fields');
  if (options.otherWorkspaceKey) args.push('--other-workspace-key', options.otherWorkspaceKey);
  let tempDir: string | undefined;
  if (options.participants) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'openphone-mock-'));
    const file = path.join(tempDir, 'participants.json');
    writeFileSync(file, JSON.stringify(options.participants));
    args.push('--participants-file', file);
  }
  const child = spawn(process.execPath, [localToolPath('openphone-mock'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  const first = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the OpenPhone mock did not start')), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { url: string; apiKey: string });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OpenPhone mock exited (${code}) before it listened`));
    });
  });
  return {
    ...first,
    async stats() {
      const res = await fetch(`${first.url}/__mock/stats`);
      return (await res.json()) as Awaited<ReturnType<MockHandle['stats']>>;
    },
    async contacts(key) {
      const res = await fetch(`${first.url}/__mock/contacts${key ? `?key=${encodeURIComponent(key)}` : ''}`);
      return ((await res.json()) as { data: MockContact[] }).data;
    },
    async setFaults(faults) {
      await fetch(`${first.url}/__mock/faults`, { method: 'POST', body: JSON.stringify(faults) });
    },
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
