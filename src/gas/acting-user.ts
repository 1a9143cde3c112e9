/**
 * Who is acting, for every "who" the add-on records (Applied By, the decision log). Apps Script
 * answers '' for Session.getActiveUser().getEmail() whenever security policies hide the user
 * (consumer accounts, users of another domain), so the address is only the first choice. Then:
 * the effective user's address, a name the user gave the add-on (user property ACTING_USER_NAME),
 * and last a pseudonym from Session.getTemporaryActiveUserKey(), which tells users apart without
 * revealing them (it is unique to the user and the script, and rotates every 30 days).
 */
export const ACTING_USER_PROPERTY = 'ACTING_USER_NAME';

export function actingUser(): string {
  const email = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail();
  if (email) return email;
  const named = (PropertiesService.getUserProperties().getProperty(ACTING_USER_PROPERTY) ?? '').trim();
  if (named) return named;
  const key = Session.getTemporaryActiveUserKey();
  return key ? `user ${key.slice(0, 8)}` : 'unknown user';
}
