/** Starts the OpenPhone mock in a child process (see local-tool-process.ts). */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalTool } from '../local-tool-process';
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

export async function startOpenPhoneMock(options: MockLaunchOptions = {}): Promise<MockHandle> {
  const args = ['--port', String(options.port ?? 0)];
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
  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  const { first, stop } = await startLocalTool<{ url: string; apiKey: string }>('openphone-mock', args, 'OpenPhone mock', cleanup);
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
    stop,
  };
}
