/**
 * Intuit's OAuth 2.0 grants as the mock keeps them, read strictly:
 *
 * - An authorization code is good once, for 10 minutes, with the redirect URI it was issued for;
 *   presenting it a second time also revokes what the first exchange issued (Intuit: a second
 *   call with the same code "would invalidate the token for that auth code on our side",
 *   intuit/oauth-jsclient#173; RFC 6749 §4.1.2).
 * - Every refresh answers a new refresh token and the one presented stops working at once:
 *   reusing it is `invalid_grant` (reference source-formats.md §2g, Intuit's "Validity of Refresh
 *   Token" article; intuit/oauth-jsclient#77, where Intuit's log reads "Refresh token not found").
 * - A refresh token lives 100 days from its issue, within 5 years of the connection; an access
 *   token an hour (https://blogs.intuit.com/2024/06/03/oauth-token-management-done-the-right-way/).
 * - Revoking a connection ends every token issued under it.
 */
import { randomBytes } from 'node:crypto';

/** What the token endpoint answers; field set and values as in Intuit's samples (intuit/oauth-jsclient test/mocks/tokenResponse.json). */
export interface TokenResponse {
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  access_token: string;
}

export const REFRESH_TOKEN_SECONDS = 8_726_400;
const CODE_MS = 10 * 60_000;
const CONNECTION_MS = 5 * 365 * 86_400_000;

interface Grant {
  realmId: string;
  createdAt: number;
  revoked: boolean;
}

interface Code {
  grant: Grant;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

interface Issued {
  grant: Grant;
  expiresAt: number;
  used: boolean;
}

export type AccessCheck = { realmId: string } | { refused: 'missing' | 'malformed' | 'expired' | 'invalid' };

export class TokenStore {
  private readonly codes = new Map<string, Code>();
  private readonly access = new Map<string, Issued>();
  private readonly refresh = new Map<string, Issued>();
  private readonly grants: Grant[] = [];

  constructor(
    private readonly now: () => number,
    private readonly accessSeconds: number,
  ) {}

  /** The one-time code the authorize page hands the redirect URI. */
  issueCode(realmId: string, clientId: string, redirectUri: string): string {
    const code = `AB11${Math.floor(this.now() / 1000)}${opaque(34)}`;
    this.codes.set(code, { grant: this.newGrant(realmId), clientId, redirectUri, expiresAt: this.now() + CODE_MS, used: false });
    return code;
  }

  exchangeCode(code: string, redirectUri: string, clientId: string): TokenResponse | null {
    const found = this.codes.get(code);
    if (!found) return null;
    if (found.used) {
      found.grant.revoked = true;
      return null;
    }
    found.used = true;
    if (found.expiresAt <= this.now() || found.redirectUri !== redirectUri || found.clientId !== clientId || found.grant.revoked)
      return null;
    return this.issue(found.grant);
  }

  useRefreshToken(token: string): TokenResponse | null {
    const found = this.refresh.get(token);
    if (!found || found.used || found.grant.revoked || found.expiresAt <= this.now()) return null;
    found.used = true;
    return this.issue(found.grant);
  }

  /** As if the company's admin had connected through Intuit's OAuth playground. */
  mint(realmId: string): TokenResponse {
    return this.issue(this.newGrant(realmId));
  }

  checkAccess(header: string | undefined): AccessCheck {
    if (header === undefined || header.trim() === '') return { refused: 'missing' };
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return { refused: 'malformed' };
    const found = this.access.get(m[1]!);
    if (!found || found.grant.revoked) return { refused: found ? 'invalid' : m[1]!.length < 100 ? 'malformed' : 'invalid' };
    if (found.expiresAt <= this.now()) return { refused: 'expired' };
    return { realmId: found.grant.realmId };
  }

  /** Intuit's revoke endpoint takes either token of a connection and ends the whole connection. */
  revokeToken(token: string): boolean {
    const found = this.access.get(token) ?? this.refresh.get(token);
    if (!found) return false;
    found.grant.revoked = true;
    return true;
  }

  revokeRealm(realmId: string): void {
    for (const grant of this.grants) if (grant.realmId === realmId) grant.revoked = true;
  }

  expireAccessTokens(realmId: string): void {
    const now = this.now();
    for (const issued of this.access.values()) if (issued.grant.realmId === realmId) issued.expiresAt = Math.min(issued.expiresAt, now);
  }

  private newGrant(realmId: string): Grant {
    const grant = { realmId, createdAt: this.now(), revoked: false };
    this.grants.push(grant);
    return grant;
  }

  private issue(grant: Grant): TokenResponse {
    const now = this.now();
    const refreshExpires = Math.min(now + REFRESH_TOKEN_SECONDS * 1000, grant.createdAt + CONNECTION_MS);
    const access = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${opaque(22)}.${opaque(820)}.${opaque(22)}`;
    const refresh = `RT1-${String(10 + Math.floor(Math.random() * 90))}-H0-${Math.floor(refreshExpires / 1000)}${opaque(20).toLowerCase()}`;
    this.access.set(access, { grant, expiresAt: now + this.accessSeconds * 1000, used: false });
    this.refresh.set(refresh, { grant, expiresAt: refreshExpires, used: false });
    return {
      token_type: 'bearer',
      expires_in: this.accessSeconds,
      refresh_token: refresh,
      x_refresh_token_expires_in: Math.round((refreshExpires - now) / 1000),
      access_token: access,
    };
  }
}

function opaque(length: number): string {
  return randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length);
}
