/**
 * Runs the QuickBooks mock as its own process. Once it listens it prints one JSON line
 * `{url, authorizeUrl, tokenUrl, revokeUrl, realmId, clientId, clientSecret}`, and with
 * `--exit-with-stdin` it exits when its standard input closes, so it never outlives the process
 * that started it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveLocalTool } from '../local-tool-process';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REALM_ID, createQuickBooksMock, type QuickBooksFaults } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    customers: { type: 'string' },
    seed: { type: 'string' },
    'realm-id': { type: 'string', default: DEFAULT_REALM_ID },
    'client-id': { type: 'string', default: DEFAULT_CLIENT_ID },
    'client-secret': { type: 'string', default: DEFAULT_CLIENT_SECRET },
    'access-token-lifetime': { type: 'string' },
    'rate-limit-per-minute': { type: 'string' },
    'rate-limit-per-second': { type: 'string' },
    // Registered redirect URIs; without one any http(s) URL is accepted.
    'redirect-uri': { type: 'string', multiple: true },
    // Where the browser reaches script.google.com here (the local preview).
    'script-host': { type: 'string' },
    // A JSON array of E.164 numbers for the first customers with a phone.
    'phones-file': { type: 'string' },
    // JSON: {"refuseQueries":true} | {"serverErrors":0.05,"seed":7} | {"authorize":"deny"} | {"forbidden":true}
    faults: { type: 'string' },
    'exit-with-stdin': { type: 'boolean', default: false },
  },
});

const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const mock = createQuickBooksMock({
  customers: number(values.customers),
  seed: number(values.seed),
  realmId: values['realm-id'],
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  accessTokenLifetimeSeconds: number(values['access-token-lifetime']),
  rateLimitPerMinute: number(values['rate-limit-per-minute']),
  rateLimitPerSecond: number(values['rate-limit-per-second']),
  redirectUris: values['redirect-uri'],
  scriptHost: values['script-host'],
  phones: values['phones-file'] ? (JSON.parse(readFileSync(values['phones-file'], 'utf8')) as string[]) : undefined,
  faults: values.faults ? (JSON.parse(values.faults) as QuickBooksFaults) : undefined,
});

serveLocalTool(mock.server, Number(values.port), values['exit-with-stdin'], (url) => ({
  url,
  authorizeUrl: `${url}/connect/oauth2`,
  tokenUrl: `${url}/oauth2/v1/tokens/bearer`,
  revokeUrl: `${url}/v2/oauth2/tokens/revoke`,
  realmId: mock.realmId,
  clientId: mock.clientId,
  clientSecret: mock.clientSecret,
}));
