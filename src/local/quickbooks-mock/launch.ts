/** Starts the QuickBooks mock in a child process (see local-tool-process.ts). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalTool } from '../local-tool-process';
import type { CompanyChange } from './company';
import type { QboCustomer, QuickBooksCompany } from './entities';
import type { TokenResponse } from './oauth';
import type { QuickBooksFaults, QuickBooksMockOptions, QuickBooksMockStats } from './server';

export interface QuickBooksMockLaunchOptions extends QuickBooksMockOptions {
  port?: number;
}

export interface QuickBooksMockHandle {
  /** The API base: `${url}/v3/company/${realmId}/query`. */
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  realmId: string;
  clientId: string;
  clientSecret: string;
  stats(): Promise<QuickBooksMockStats>;
  /** Every customer as stored, inactive ones and jobs included. */
  customers(): Promise<QboCustomer[]>;
  /** Customers, invoices and payments as stored. */
  company(): Promise<QuickBooksCompany>;
  /** Applies the changes in order; answers the Id each created or changed. */
  mutate(change: CompanyChange | CompanyChange[]): Promise<string[]>;
  /** The company's connection ends: every access and refresh token stops working. */
  revoke(): Promise<void>;
  expireAccessTokens(): Promise<void>;
  setFaults(faults: QuickBooksFaults): Promise<void>;
  /** A new connection's tokens, as an admin gets them from Intuit's OAuth playground. */
  mintRefreshToken(): Promise<string>;
  /** Moves the mock's clock forward: token and code expiry, the rolling limits. */
  advanceClock(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

type FirstLine = Pick<QuickBooksMockHandle, 'url' | 'authorizeUrl' | 'tokenUrl' | 'revokeUrl' | 'realmId' | 'clientId' | 'clientSecret'>;

export async function startQuickBooksMock(options: QuickBooksMockLaunchOptions = {}): Promise<QuickBooksMockHandle> {
  const args = ['--port', String(options.port ?? 0)];
  const flag = (name: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(`--${name}`, String(value));
  };
  flag('customers', options.customers);
  flag('seed', options.seed);
  flag('realm-id', options.realmId);
  flag('client-id', options.clientId);
  flag('client-secret', options.clientSecret);
  flag('access-token-lifetime', options.accessTokenLifetimeSeconds);
  flag('rate-limit-per-minute', options.rateLimitPerMinute);
  flag('rate-limit-per-second', options.rateLimitPerSecond);
  for (const uri of options.redirectUris ?? []) flag('redirect-uri', uri);
  flag('script-host', options.scriptHost);
  if (options.faults) flag('faults', JSON.stringify(options.faults));
  let tempDir: string | undefined;
  if (options.phones) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'quickbooks-mock-'));
    const file = path.join(tempDir, 'phones.json');
    writeFileSync(file, JSON.stringify(options.phones));
    flag('phones-file', file);
  }
  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  const { first, stop } = await startLocalTool<FirstLine>('quickbooks-mock', args, 'QuickBooks mock', cleanup);
  const adminCall = async <T>(action: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${first.url}/__mock/${action}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    const answer = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`the QuickBooks mock refused ${action}: ${answer.error}`);
    return answer;
  };
  return {
    ...first,
    stats: () => adminCall<QuickBooksMockStats>('stats'),
    customers: async () => (await adminCall<{ customers: QboCustomer[] }>('customers')).customers,
    company: () => adminCall<QuickBooksCompany>('company'),
    mutate: async (change) => (await adminCall<{ ids: string[] }>('mutate', change)).ids,
    revoke: async () => void (await adminCall('revoke', {})),
    expireAccessTokens: async () => void (await adminCall('expire-access-tokens', {})),
    setFaults: async (faults) => void (await adminCall('faults', faults)),
    mintRefreshToken: async () => (await adminCall<TokenResponse>('mint-refresh-token', {})).refresh_token,
    advanceClock: async (seconds) => void (await adminCall('advance-clock', { seconds })),
    stop,
  };
}
