/**
 * OAuth 2.0 with Intuit as pure functions: the authorization URL, the token requests, what a
 * token answer means, and the saved connection with its rotating refresh tokens. Our own module
 * rather than an Apps Script library: a library slows every call of an add-on and pins code
 * outside our build, and this takes only documented services (source formats reference §2g).
 */
import { UserError } from '../errors';
import { hash53 } from '../hash';
import type { HttpRequest, HttpResponse } from '../ports';

export const AUTHORIZE_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
/** https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0#revoke-token-disconnect */
export const REVOKE_URL = 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke';
export const SCOPE = 'com.intuit.quickbooks.accounting';
export const API_BASES = {
  production: 'https://quickbooks.api.intuit.com',
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
} as const;
export type QuickBooksEnvironment = keyof typeof API_BASES;

/** How many refresh tokens a connection keeps, newest first: the one in use and the one before. */
const KEPT_REFRESH_TOKENS = 2;
/** Intuit's access tokens last an hour; a missing expires_in is taken as that. */
const DEFAULT_LIFETIME_S = 3600;

/** Where a user's connection is kept: their own properties (the command line's file of them). */
export const CONNECTION_PROPERTY = 'quickbooks.connection';

/** The connection as the user's properties keep it; none when missing or unreadable. */
export function parseConnection(text: string | null | undefined): Connection | null {
  try {
    return JSON.parse(text ?? 'null') as Connection | null;
  } catch {
    return null;
  }
}

export const RECONNECT = 'reconnect QuickBooks in step 1 of the sidebar';

/** The saved connection is gone at Intuit (expired, revoked, or its refresh token already used). */
export class ReconnectNeeded extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ReconnectNeeded';
  }
}

/** One user's connection to one QuickBooks company, kept in that user's properties only. */
export interface Connection {
  realmId: string;
  environment: QuickBooksEnvironment;
  accessToken: string;
  /** When the access token expires (ms since the epoch). */
  accessExpiresAt: number;
  /** Newest first; the first is the one to use: Intuit rotates them and refuses a used one. */
  refreshTokens: string[];
  connectedAt: string;
  /** A hash of the refresh token the command line's environment started this connection from. */
  origin?: string;
  /** Why the connection stopped working, said until the user connects again. */
  problem?: string;
}

export interface TokenSet {
  accessToken: string;
  expiresAt: number;
  /** Null when the answer carried none: the one in use stays valid. */
  refreshToken: string | null;
}

const form = (fields: Record<string, string>) =>
  Object.keys(fields)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(fields[k]!)}`)
    .join('&');

export function authorizationUrl(authorizeUrl: string, clientId: string, redirectUri: string, state: string): string {
  const query = form({ client_id: clientId, response_type: 'code', scope: SCOPE, redirect_uri: redirectUri, state });
  return `${authorizeUrl}${authorizeUrl.includes('?') ? '&' : '?'}${query}`;
}

/** The token endpoint's request for a code exchange or a refresh, with HTTP Basic client auth as Intuit documents. */
export function tokenRequest(
  tokenUrl: string,
  client: { id: string; secret: string },
  grant: { code: string; redirectUri: string } | { refreshToken: string },
  base64: (text: string) => string,
): HttpRequest {
  const fields: Record<string, string> =
    'code' in grant
      ? { grant_type: 'authorization_code', code: grant.code, redirect_uri: grant.redirectUri }
      : { grant_type: 'refresh_token', refresh_token: grant.refreshToken };
  return {
    url: tokenUrl,
    method: 'post',
    headers: { Authorization: `Basic ${base64(`${client.id}:${client.secret}`)}`, Accept: 'application/json' },
    contentType: 'application/x-www-form-urlencoded',
    body: form(fields),
  };
}

/** Ends the connection at Intuit too: revoking the refresh token revokes its access tokens with it. */
export function revokeRequest(
  revokeUrl: string,
  client: { id: string; secret: string },
  token: string,
  base64: (text: string) => string,
): HttpRequest {
  return {
    url: revokeUrl,
    method: 'post',
    headers: { Authorization: `Basic ${base64(`${client.id}:${client.secret}`)}`, Accept: 'application/json' },
    contentType: 'application/json',
    body: JSON.stringify({ token }),
  };
}

/** The token endpoint's answer; every refusal becomes a message that names what to do and no secret. */
export function readTokenResponse(response: HttpResponse, now: number): TokenSet {
  let body: Record<string, unknown>;
  try {
    body = (JSON.parse(response.body) as Record<string, unknown>) ?? {};
  } catch {
    body = {};
  }
  const error = typeof body.error === 'string' ? body.error : '';
  if (response.status === 200 && typeof body.access_token === 'string' && body.access_token) {
    const lifetime = Number(body.expires_in) > 0 ? Number(body.expires_in) : DEFAULT_LIFETIME_S;
    return {
      accessToken: body.access_token,
      expiresAt: now + lifetime * 1000,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null,
    };
  }
  if (error === 'invalid_grant') {
    throw new ReconnectNeeded(`QuickBooks no longer accepts this connection (expired, revoked or renewed elsewhere): ${RECONNECT}.`);
  }
  if (error === 'invalid_client' || response.status === 401) {
    throw new UserError(
      "QuickBooks refused the client ID or secret: an administrator checks the script properties QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET against the Intuit app's keys.",
    );
  }
  if (response.status >= 500)
    throw new UserError(`QuickBooks' sign-in service is not answering (HTTP ${response.status}); try again in a few minutes.`);
  throw new UserError(`QuickBooks' sign-in service refused the request (HTTP ${response.status}${error ? `, ${error}` : ''}).`);
}

/**
 * The connection after a token answer. The newest refresh token goes first; an answer without
 * one keeps the one in use (as apps-script-oauth2 does).
 */
export function withTokens(connection: Connection, tokens: TokenSet): Connection {
  const refresh = tokens.refreshToken ? [tokens.refreshToken, ...connection.refreshTokens] : connection.refreshTokens;
  const next: Connection = {
    ...connection,
    accessToken: tokens.accessToken,
    accessExpiresAt: tokens.expiresAt,
    refreshTokens: [...new Set(refresh)].slice(0, KEPT_REFRESH_TOKENS),
  };
  delete next.problem;
  return next;
}

/** A connection whose tokens Intuit refused: the tokens are dropped, the reason kept to show. */
export function broken(connection: Connection, problem: string): Connection {
  return { ...connection, accessToken: '', accessExpiresAt: 0, refreshTokens: [], problem };
}

export function tokenOrigin(refreshToken: string): string {
  return hash53(`quickbooks refresh token\u0000${refreshToken}`);
}

/**
 * The command line's connection. Its environment names a refresh token that the first run
 * rotates; later runs are usually given the same, now used, token again. The saved connection
 * remembers which token it grew from, so that token means "go on with the saved one"; any other
 * token is a new connection the user made.
 */
export function connectionFromEnvironment(
  saved: Connection | null,
  env: { realmId: string; refreshToken: string },
  environment: QuickBooksEnvironment,
): Connection {
  const grown =
    saved !== null &&
    saved.realmId === env.realmId &&
    (env.refreshToken === '' || saved.origin === tokenOrigin(env.refreshToken) || saved.refreshTokens.includes(env.refreshToken));
  if (grown) return saved;
  if (!env.refreshToken) throw new UserError('Set QUICKBOOKS_REFRESH_TOKEN to a refresh token of the QuickBooks company.');
  return {
    realmId: env.realmId,
    environment,
    accessToken: '',
    accessExpiresAt: 0,
    refreshTokens: [env.refreshToken],
    connectedAt: '',
    origin: tokenOrigin(env.refreshToken),
  };
}
