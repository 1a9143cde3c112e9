// `contact-enrich sync-quickbooks` as a user runs it: a real process against the QuickBooks mock,
// with the environment of design §5. The refresh token QuickBooks rotates is kept in the command
// line's user-properties file (never in the workbook, never printed), and the next run given the
// same, now spent, environment token goes on with the rotated one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTION_PROPERTY, type Connection } from '../../src/core/quickbooks/oauth';
import { displayValues, loadWorkbook } from '../../src/local/emulator';
import { startQuickBooksMock, type QuickBooksMockHandle } from '../../src/local/quickbooks-mock/launch';
import { runCliIn, userPropertiesFile } from '../fixtures/cli';

let dir: string;
let mock: QuickBooksMockHandle;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-quickbooks-'));
  mock = await startQuickBooksMock({ seed: 11 });
});
afterEach(async () => {
  await mock.stop();
});

const propertiesFile = () => userPropertiesFile(dir);

const cli = (args: string[], extra: Record<string, string>) => runCliIn(dir, args, extra);

function environment(refreshToken: string): Record<string, string> {
  return {
    QUICKBOOKS_REALM_ID: mock.realmId,
    QUICKBOOKS_REFRESH_TOKEN: refreshToken,
    QUICKBOOKS_CLIENT_ID: mock.clientId,
    QUICKBOOKS_CLIENT_SECRET: mock.clientSecret,
    QUICKBOOKS_API_BASE: mock.url,
    QUICKBOOKS_TOKEN_URL: mock.tokenUrl,
  };
}

const savedConnection = () => JSON.parse(JSON.parse(readFileSync(propertiesFile(), 'utf8'))[CONNECTION_PROPERTY]) as Connection;

describe('contact-enrich sync-quickbooks', () => {
  it('syncs every customer into the QuickBooks sheet, prints one summary line and no secret', async () => {
    const token = await mock.mintRefreshToken();
    const r = await cli(['sync-quickbooks', 'w.xlsx'], environment(token));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const company = await mock.company();
    const [summary] = r.stdout.trim().split('\n');
    expect(summary).toMatch(
      new RegExp(
        `^QuickBooks: 1234 customers \\(\\d+ with a phone, \\d+ sub-customers, \\d+ inactive\\), ${company.invoices.length} invoices, ${company.payments.length} payments → sheet "QuickBooks" in \\d+ s\\.$`,
      ),
    );
    const saved = savedConnection();
    expect(saved.realmId).toBe(mock.realmId);
    expect(saved.refreshTokens[0]).not.toBe(token);
    for (const secret of [token, saved.refreshTokens[0]!, saved.accessToken, mock.clientSecret])
      expect(r.stdout + r.stderr).not.toContain(secret);
    const workbook = await loadWorkbook(path.join(dir, 'w.xlsx'));
    const sheet = workbook.sheets.find((s) => s.name === 'QuickBooks')!;
    expect(displayValues(sheet)).toHaveLength(1235);
    const everything = JSON.stringify(workbook.sheets.map((s) => displayValues(s))) + JSON.stringify(workbook.documentProperties);
    for (const secret of [token, ...saved.refreshTokens, saved.accessToken, mock.clientSecret]) expect(everything).not.toContain(secret);
  });

  it('a second run given the same, now spent, token goes on with the rotated one; a spent token alone asks for a new one', async () => {
    const token = await mock.mintRefreshToken();
    expect((await cli(['sync-quickbooks', 'w.xlsx'], environment(token))).code).toBe(0);
    const first = savedConnection().refreshTokens[0];
    await mock.expireAccessTokens();
    const again = await cli(['sync-quickbooks', 'w.xlsx'], environment(token));
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(savedConnection().refreshTokens).toEqual([expect.not.stringMatching(first!), first]);
    expect((await mock.stats()).invalidGrants).toBe(0);

    // Without the file, the spent token is all there is: QuickBooks refuses it, and the message says what to do.
    const elsewhere = { ...environment(token), CONTACT_ENRICH_USER_PROPERTIES: path.join(dir, 'other.json') };
    const refused = await cli(['sync-quickbooks', 'w.xlsx'], elsewhere);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/reconnect QuickBooks.*set QUICKBOOKS_REFRESH_TOKEN to a new refresh token/);
    expect(refused.stderr).not.toContain(token);
  });

  it('names what is missing from the environment', async () => {
    const r = await cli(['sync-quickbooks', 'w.xlsx'], { QUICKBOOKS_REALM_ID: mock.realmId });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET');
  });
});
