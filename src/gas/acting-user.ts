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

/** Whether Google hides this user's address and they have not yet given a name for the log. */
export function actingUserIsAnonymous(): boolean {
  const email = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail();
  return !email && !(PropertiesService.getUserProperties().getProperty(ACTING_USER_PROPERTY) ?? '').trim();
}

export function saveActingUserName(name: string): void {
  const props = PropertiesService.getUserProperties();
  if (name) props.setProperty(ACTING_USER_PROPERTY, name);
  else props.deleteProperty(ACTING_USER_PROPERTY);
}
