// The command line's user-properties file: private, whole after any crash, and merging what
// concurrent runs changed rather than letting the last one win.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadUserProperties, saveUserProperties, userPropertiesPath } from '../../src/local/user-properties-file';

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'user-props-')), 'nested', 'user-properties.json');

describe('the user-properties file', () => {
  test('lives where the environment says, else in the configuration folder', () => {
    expect(userPropertiesPath({ CONTACT_ENRICH_USER_PROPERTIES: '/x/p.json', HOME: '/home/a' })).toBe('/x/p.json');
    expect(userPropertiesPath({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/a' })).toBe('/cfg/contact-enrich/user-properties.json');
    expect(userPropertiesPath({ HOME: '/home/a' })).toBe('/home/a/.config/contact-enrich/user-properties.json');
  });

  test('a missing file is an empty store; a saved one is private and reads back', async () => {
    const file = fresh();
    expect(await loadUserProperties(file)).toEqual({});
    await saveUserProperties(file, {}, { token: 'r1', day: '3' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(await loadUserProperties(file)).toEqual({ token: 'r1', day: '3' });
  });

  test('only what this run changed is written over the file as it is now', async () => {
    const file = fresh();
    await saveUserProperties(file, {}, { a: '1', b: '1', c: '1' });
    const before = await loadUserProperties(file);
    // Another run changes b meanwhile.
    await saveUserProperties(file, before, { ...before, b: '2' });
    // This run changed a and deleted c; its stale b is not written back.
    await saveUserProperties(file, before, { a: '9', b: '1' });
    expect(await loadUserProperties(file)).toEqual({ a: '9', b: '2' });
  });

  test('excluded keys (given by the environment) never reach the file', async () => {
    const file = fresh();
    await saveUserProperties(file, {}, { OPENPHONE_API_KEY: 'secret', used: '4' }, ['OPENPHONE_API_KEY']);
    expect(readFileSync(file, 'utf8')).not.toContain('secret');
  });

  test('a file that is not ours, or that others can read, is refused with its name', async () => {
    const file = fresh();
    await saveUserProperties(file, {}, { a: '1' });
    writeFileSync(file, '{"a": 1}', { mode: 0o600 });
    await expect(loadUserProperties(file)).rejects.toThrow(`${file} is not a user-properties file (expected an object of text values).`);
    writeFileSync(file, 'not json', { mode: 0o600 });
    await expect(loadUserProperties(file)).rejects.toThrow(`${file} is not a user-properties file (not JSON).`);
    writeFileSync(file, '{}', { mode: 0o644 });
    chmodSync(file, 0o644);
    await expect(loadUserProperties(file)).rejects.toThrow('can be read by other users');
  });
});
