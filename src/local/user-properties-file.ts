/**
 * The command line's user properties. In Sheets, `PropertiesService.getUserProperties()` outlives
 * every execution; the command line starts a new emulator per run, so it keeps that store in a
 * file of its own: the day's UrlFetch count and a rotated QuickBooks refresh token must reach the
 * next run, and neither may ever be written into the workbook (design §5).
 *
 * The file is readable only by its owner (0600 in a 0700 folder) and, like ssh with a private key,
 * the command line refuses one that others can read rather than go on using a leaked secret.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const USER_PROPERTIES_ENV = 'CONTACT_ENRICH_USER_PROPERTIES';

export type Properties = Record<string, string>;

export class UserPropertiesError extends Error {}

/** `$CONTACT_ENRICH_USER_PROPERTIES`, else the user's configuration folder. */
export function userPropertiesPath(env: Record<string, string | undefined>): string {
  if (env[USER_PROPERTIES_ENV]) return path.resolve(env[USER_PROPERTIES_ENV]);
  const config = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(config, 'contact-enrich', 'user-properties.json');
}

/** The stored properties; none when the file does not exist yet. */
export async function loadUserProperties(file: string): Promise<Properties> {
  let text: string;
  try {
    const info = await stat(file);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw new UserPropertiesError(
        `${file} can be read by other users; it holds secrets. Make it private (chmod 600 "${file}") and run the command again.`,
      );
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserPropertiesError(`${file} is not a user-properties file (not JSON). Move it away to start afresh.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string'))
    throw new UserPropertiesError(`${file} is not a user-properties file (expected an object of text values).`);
  return parsed as Properties;
}

/**
 * Writes what this run changed (set or deleted since `before`) over the file as it is now, so two
 * runs at once each keep their own changes; written to a private temporary file and renamed, so a
 * run killed mid-write leaves the old file whole.
 */
export async function saveUserProperties(file: string, before: Properties, after: Properties, exclude: string[] = []): Promise<void> {
  const changed = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => before[k] !== after[k] && !exclude.includes(k)));
  if (changed.size === 0) return;
  const current = await loadUserProperties(file);
  for (const key of changed) {
    if (after[key] === undefined) delete current[key];
    else current[key] = after[key];
  }
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask: set it outright.
  await chmod(temp, 0o600);
  await rename(temp, file);
}
