/**
 * The preview server without a browser: its google.script.run endpoint, the sidebar it serves,
 * and the workbook file it keeps.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayValues, loadWorkbook, newWorkbook, saveWorkbook } from '../../src/local/emulator';
import { startPreview, type PreviewHandle } from '../../src/local/preview/server';

describe('preview server with a workbook file', () => {
  let preview: PreviewHandle;
  let dir: string;
  let file: string;
  let other: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'preview-test-'));
    file = path.join(dir, 'book.xlsx');
    preview = await startPreview({ workbookPath: file, port: 0, mockConversations: 20 });
    other = path.join(dir, 'existing.xlsx');
    const seeded = newWorkbook('Existing <book>');
    seeded.sheets.push({ name: 'Kept aside', hidden: true, frozenRows: 1, cells: [[{ value: 'Head' }], [{ value: '<b>x</b>' }]] });
    await saveWorkbook(seeded, other);
  });

  afterAll(async () => {
    await preview?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function rpc(name: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: string }> {
    const res = await fetch(new URL('/rpc', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, args }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { ok: boolean; value?: unknown; error?: string };
  }

  it('listens on 127.0.0.1 and creates the missing workbook file', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(existsSync(file)).toBe(true);
  });

  it('points the add-on at the OpenPhone mock and waits for the user key', () => {
    expect(preview.emulator.properties.script.OPENPHONE_API_BASE).toBe(preview.openPhone.url);
    expect(preview.emulator.properties.user.OPENPHONE_API_KEY).toBeUndefined();
  });

  it("points the add-on at the QuickBooks mock as an admin would, and serves the script's /usercallback", async () => {
    expect(preview.emulator.properties.script).toMatchObject({
      QUICKBOOKS_CLIENT_ID: preview.quickBooks.clientId,
      QUICKBOOKS_API_BASE: preview.quickBooks.url,
      QUICKBOOKS_TOKEN_URL: preview.quickBooks.tokenUrl,
    });
    const forged = await fetch(new URL('/macros/d/emulated-script/usercallback?code=x&state=forged', preview.url));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('The state token is invalid or has expired');
  });

  it('serves the built sidebar with the bridge before its own script', async () => {
    const html = await (await fetch(new URL('/sidebar', preview.url))).text();
    const bridge = html.indexOf('google.script');
    const app = html.indexOf('id="app"');
    expect(bridge).toBeGreaterThan(app);
    expect(html.lastIndexOf('<script>')).toBeGreaterThan(bridge);
  });

  it('answers server functions and their failures', async () => {
    const dashboard = await rpc('getDashboard');
    expect(dashboard.ok).toBe(true);
    expect(dashboard.value).toMatchObject({ conversations: 0, unmapped: 0, hasOpenPhoneKey: false });
    const failed = await rpc('importConversationsCsv', 'empty.csv', '');
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain('empty.csv');
    const unknown = await rpc('noSuchFunction');
    expect(unknown.ok).toBe(false);
    expect(unknown.error).toBeTruthy();
  });

  it('saves the workbook after a call that changed it', async () => {
    const result = await rpc('importConversationsCsv', 'c.csv', 'Phone,Conversation ID\n(617) 555-0101,C1\n617-555-0102,C2\n');
    expect(result.ok).toBe(true);
    const saved = await loadWorkbook(file);
    const sheet = saved.sheets.find((s) => s.name === 'Conversations');
    expect(sheet && displayValues(sheet)).toEqual([
      ['Phone', 'Conversation ID'],
      ['+16175550101', 'C1'],
      ['+16175550102', 'C2'],
    ]);
    const view = (await (await fetch(new URL('/api/workbook?sheet=Conversations', preview.url))).json()) as {
      version: number;
      active: { name: string; rows: string[][] };
    };
    expect(view.version).toBeGreaterThan(0);
    expect(view.active.rows[1]).toEqual(['+16175550101', 'C1']);
  });

  it('refuses requests a page on another site could make', async () => {
    const form = await fetch(new URL('/rpc', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"name":"clearOpenPhoneApiKey","args":[]}',
    });
    expect(form.status).toBe(403);
    const foreign = await fetch(new URL('/rpc', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{"name":"getDashboard","args":[]}',
    });
    expect(foreign.status).toBe(403);
  });

  it('answers only to its own host name', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(preview.url);
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/api/workbook', headers: { host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('opens an existing workbook and describes hidden sheets and frozen rows', async () => {
    const second = await startPreview({ workbookPath: other, port: 0, mockConversations: 5 });
    try {
      const page = await (await fetch(second.url)).text();
      expect(page).toContain('Existing &lt;book&gt;');
      expect(page).toContain('width: 300px');
      const view = (await (await fetch(new URL('/api/workbook?sheet=Kept%20aside', second.url))).json()) as {
        sheets: Array<{ name: string; hidden: boolean; frozenRows: number }>;
        active: { rows: string[][] };
      };
      expect(view.sheets).toContainEqual(expect.objectContaining({ name: 'Kept aside', hidden: true, frozenRows: 1 }));
      expect(view.active.rows).toEqual([['Head'], ['<b>x</b>']]);
    } finally {
      await second.stop();
    }
  });
});
