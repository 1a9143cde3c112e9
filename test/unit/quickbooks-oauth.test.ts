import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors';
import {
  authorizationUrl,
  broken,
  connectionFromEnvironment,
  readTokenResponse,
  ReconnectNeeded,
  tokenOrigin,
  tokenRequest,
  withTokens,
  type Connection,
} from '../../src/core/quickbooks/oauth';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const answer = (status: number, body: unknown) => ({ status, headers: {}, body: JSON.stringify(body) });

const connection = (over: Partial<Connection> = {}): Connection => ({
  realmId: '4620',
  environment: 'production',
  accessToken: 'a1',
  accessExpiresAt: 1000,
  refreshTokens: ['r1'],
  connectedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('QuickBooks OAuth', () => {
  it('asks Intuit for the accounting scope, a code, our redirect URI and the state token', () => {
    const url = new URL(authorizationUrl('https://appcenter.intuit.com/connect/oauth2', 'client 1', 'https://x.test/cb?a=1', 'ST&1'));
    expect(url.origin + url.pathname).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client 1',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'https://x.test/cb?a=1',
      state: 'ST&1',
    });
  });

  it('sends the code exchange and the refresh form-encoded, with the client in HTTP Basic and never in the body', () => {
    const client = { id: 'id', secret: 's:cret' };
    const exchange = tokenRequest('https://t.test/token', client, { code: 'c 1', redirectUri: 'https://r.test/cb' }, base64);
    expect(exchange).toMatchObject({ url: 'https://t.test/token', method: 'post', contentType: 'application/x-www-form-urlencoded' });
    expect(exchange.headers!.Authorization).toBe(`Basic ${base64('id:s:cret')}`);
    expect(Object.fromEntries(new URLSearchParams(exchange.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'c 1',
      redirect_uri: 'https://r.test/cb',
    });
    const refresh = tokenRequest('https://t.test/token', client, { refreshToken: 'r/1+' }, base64);
    expect(Object.fromEntries(new URLSearchParams(refresh.body))).toEqual({ grant_type: 'refresh_token', refresh_token: 'r/1+' });
    expect(refresh.body).not.toContain('s:cret');
  });

  it('reads the access token with its expiry, and a refresh token only when one came', () => {
    expect(readTokenResponse(answer(200, { access_token: 'a', expires_in: 3600, refresh_token: 'r2' }), 5000)).toEqual({
      accessToken: 'a',
      expiresAt: 5000 + 3_600_000,
      refreshToken: 'r2',
    });
    expect(readTokenResponse(answer(200, { access_token: 'a' }), 0)).toEqual({
      accessToken: 'a',
      expiresAt: 3_600_000,
      refreshToken: null,
    });
  });

  it('turns invalid_grant into "reconnect", invalid_client into an administrator message, and names no secret', () => {
    const grant = () => readTokenResponse(answer(400, { error: 'invalid_grant' }), 0);
    expect(grant).toThrow(ReconnectNeeded);
    expect(grant).toThrow(/reconnect QuickBooks in step 1/);
    const client = () => readTokenResponse(answer(401, { error: 'invalid_client' }), 0);
    expect(client).toThrow(UserError);
    expect(client).toThrow(/administrator.*QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET/);
    expect(() => readTokenResponse({ status: 503, headers: {}, body: '<html>down</html>' }, 0)).toThrow(/HTTP 503/);
    expect(() => readTokenResponse(answer(200, { token_type: 'bearer' }), 0)).toThrow(UserError);
  });

  it('keeps refresh tokens newest first, keeps the one in use when an answer omits it, and forgets a problem', () => {
    const once = withTokens(connection({ problem: 'old' }), { accessToken: 'a2', expiresAt: 9, refreshToken: 'r2' });
    expect(once).toMatchObject({ accessToken: 'a2', accessExpiresAt: 9, refreshTokens: ['r2', 'r1'] });
    expect(once.problem).toBeUndefined();
    const twice = withTokens(once, { accessToken: 'a3', expiresAt: 10, refreshToken: 'r3' });
    expect(twice.refreshTokens).toEqual(['r3', 'r2']);
    expect(withTokens(twice, { accessToken: 'a4', expiresAt: 11, refreshToken: null }).refreshTokens).toEqual(['r3', 'r2']);
    // Intuit may answer the same refresh token again within its day.
    expect(withTokens(twice, { accessToken: 'a5', expiresAt: 12, refreshToken: 'r3' }).refreshTokens).toEqual(['r3', 'r2']);
  });

  it('drops the tokens of a refused connection and keeps why', () => {
    expect(broken(connection({ origin: 'o' }), 'expired')).toEqual(
      connection({ accessToken: '', accessExpiresAt: 0, refreshTokens: [], origin: 'o', problem: 'expired' }),
    );
  });

  describe('the command line connection', () => {
    it('starts from the environment token the first time', () => {
      const c = connectionFromEnvironment(null, { realmId: '4620', refreshToken: 'env1' }, 'sandbox');
      expect(c).toMatchObject({
        realmId: '4620',
        environment: 'sandbox',
        refreshTokens: ['env1'],
        accessToken: '',
        origin: tokenOrigin('env1'),
      });
    });

    it('goes on with the saved, rotated token when given the token it grew from again', () => {
      const saved = withTokens(connectionFromEnvironment(null, { realmId: '4620', refreshToken: 'env1' }, 'production'), {
        accessToken: 'a',
        expiresAt: 1,
        refreshToken: 'r2',
      });
      const later = withTokens(saved, { accessToken: 'b', expiresAt: 2, refreshToken: 'r3' });
      expect(later.refreshTokens).not.toContain('env1');
      expect(connectionFromEnvironment(later, { realmId: '4620', refreshToken: 'env1' }, 'production')).toBe(later);
      expect(connectionFromEnvironment(later, { realmId: '4620', refreshToken: '' }, 'production')).toBe(later);
    });

    it('takes a token it never saw, or another company, as a new connection', () => {
      const saved = withTokens(connectionFromEnvironment(null, { realmId: '4620', refreshToken: 'env1' }, 'production'), {
        accessToken: 'a',
        expiresAt: 1,
        refreshToken: 'r2',
      });
      expect(connectionFromEnvironment(saved, { realmId: '4620', refreshToken: 'env2' }, 'production').refreshTokens).toEqual(['env2']);
      expect(connectionFromEnvironment(saved, { realmId: '9999', refreshToken: 'env1' }, 'production')).toMatchObject({
        realmId: '9999',
        refreshTokens: ['env1'],
      });
      expect(() => connectionFromEnvironment(null, { realmId: '4620', refreshToken: '' }, 'production')).toThrow(
        /QUICKBOOKS_REFRESH_TOKEN/,
      );
    });

    it('keeps a refused connection refused when given its old token again', () => {
      const dead = broken(connectionFromEnvironment(null, { realmId: '4620', refreshToken: 'env1' }, 'production'), 'expired');
      expect(connectionFromEnvironment(dead, { realmId: '4620', refreshToken: 'env1' }, 'production').problem).toBe('expired');
    });
  });
});
