/**
 * The one place browser tests get Chromium from: the distribution's package, driven by
 * playwright-core (browsers cannot be downloaded here). Without it the tests fail on CI and
 * are skipped loudly elsewhere, never silently.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { displayValues } from '../../src/local/emulator';
import { startPreview, type PreviewHandle, type PreviewOptions } from '../../src/local/preview/server';
import { describe, it } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const browserAvailable = existsSync(CHROMIUM_PATH);

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  // A fresh profile per run: nothing cached or remembered from an earlier run.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sidebar-browser-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 800 },
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

export interface PreviewInBrowser {
  preview: PreviewHandle;
  launched: LaunchedBrowser;
  page: Page;
  sidebar: FrameLocator;
  /** Waits until the sidebar has no server call in flight. */
  idle(): Promise<void>;
  /** A sheet of the preview's workbook as a reviewer sees it. */
  rows(sheet: string): string[][];
  /** The sheet's rows as objects keyed by its header. */
  records(sheet: string): Array<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * The preview started and opened in Chromium with its sidebar loaded and idle: how every sidebar
 * suite begins. Pass a browser already launched to open a second preview beside the first;
 * close() then leaves that browser open.
 */
export async function openPreview(options: PreviewOptions, browser?: LaunchedBrowser): Promise<PreviewInBrowser> {
  const preview = await startPreview(options);
  const launched = browser ?? (await launchBrowser());
  const page = await launched.context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(preview.url);
  const sidebar = page.frameLocator('[data-testid=sidebar-frame]');
  await sidebar.getByTestId('unmapped-header').waitFor();
  const idle = () => sidebar.locator('#app[aria-busy="false"]').waitFor({ timeout: 45_000 });
  await idle();
  const rows = (name: string) => {
    const sheet = preview.emulator.workbook.sheets.find((s) => s.name === name);
    return sheet ? displayValues(sheet) : [];
  };
  return {
    preview,
    launched,
    page,
    sidebar,
    idle,
    rows,
    records(name) {
      const [header = [], ...body] = rows(name);
      return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
    },
    async close() {
      await page.close();
      if (!browser) await launched.close();
      await preview.stop();
    },
  };
}

/**
 * Holds in the browser every server call whose request body `matches` until `release()`, then lets
 * it through or drops it: the sidebar is caught at a known point of a long run.
 */
export async function holdCalls(
  page: Page,
  matches: (body: string) => boolean,
  afterRelease: 'continue' | 'abort',
): Promise<{ asked: Promise<void>; release(): void }> {
  let asked!: () => void;
  const askedOnce = new Promise<void>((resolve) => (asked = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/rpc', async (route) => {
    if (matches(route.request().postData() ?? '')) {
      asked();
      await released;
      // An aborted call never reaches the server.
      if (afterRelease === 'abort') return route.abort().catch(() => undefined);
    }
    await route.continue();
  });
  return { asked: askedOnce, release };
}

/** `describe` for suites that need the browser. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (browserAvailable) {
    describe(name, body);
    return;
  }
  const message = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium): the browser tests of "${name}" did not run.`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(78)}\n!! WARNING: ${message}\n${'!'.repeat(78)}\n`);
  describe.skip(name, body);
}

/** google.script.run as a page script sees it, for tests that call it by hand. */
/* eslint-disable @typescript-eslint/no-explicit-any -- any server function by name, with what it sends */
export interface ScriptRunner {
  withSuccessHandler(fn: (value: any, userObject?: any) => void): ScriptRunner;
  withFailureHandler(fn: (error: Error, userObject?: any) => void): ScriptRunner;
  withUserObject(value: unknown): ScriptRunner;
  [name: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
