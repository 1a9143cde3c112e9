// What clasp pushes: dist/Code.js with real top-level entry points, a self-contained
// dist/Sidebar.html, and a V8 manifest with the narrowest scopes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const code = readFileSync('dist/Code.js', 'utf8');

describe('build output', () => {
  it('declares every entry point as a top-level function that Apps Script can see', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context);
    for (const name of [
      'onOpen',
      'onInstall',
      'showSidebar',
      'getDashboard',
      'getReport',
      'importConversationsCsv',
      'importConversationsFromOpenPhone',
      'saveOpenPhoneApiKey',
    ]) {
      expect(typeof context[name], name).toBe('function');
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
    }
  });

  it('stays within the bundle budget of 300 KB', () => {
    expect(Buffer.byteLength(code)).toBeLessThan(300 * 1024);
  });

  it('keeps libraries private inside the bundle', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context);
    expect(context.Papa).toBeUndefined();
    expect(context.parsePhoneNumberFromString).toBeUndefined();
  });

  it('writes a V8 manifest that asks only for the current spreadsheet', () => {
    const manifest = JSON.parse(readFileSync('dist/appsscript.json', 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
  });

  it('inlines the sidebar script and styles into one file', () => {
    const html = readFileSync('dist/Sidebar.html', 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toContain('/* SCRIPT */');
    expect(html).toContain('google.script.run');
  });

  it('gives clasp exactly the three files of dist/ to push', () => {
    const status = JSON.parse(execFileSync('node_modules/.bin/clasp', ['status', '--json'], { encoding: 'utf8' }));
    expect([...status.filesToPush].sort()).toEqual(['dist/Code.js', 'dist/Sidebar.html', 'dist/appsscript.json']);
  });
});
