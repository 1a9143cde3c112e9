/**
 * The one place browser tests get Chromium from: the distribution's package, driven by
 * playwright-core (browsers cannot be downloaded here). Without it the tests fail on CI and
 * are skipped loudly elsewhere, never silently.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
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
  close(): Promise<void>;
}

/** The preview started and opened in Chromium with its sidebar loaded: how sidebar suites begin. */
export async function openPreview(options: PreviewOptions): Promise<PreviewInBrowser> {
  const preview = await startPreview(options);
  const launched = await launchBrowser();
  const page = await launched.context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(preview.url);
  const sidebar = page.frameLocator('[data-testid=sidebar-frame]');
  await sidebar.getByTestId('unmapped-header').waitFor();
  return {
    preview,
    launched,
    page,
    sidebar,
    async close() {
      await launched.close();
      await preview.stop();
    },
  };
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
