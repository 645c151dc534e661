import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Chromium (Debian's package at /usr/bin/chromium) for the browser tests, with the background
 * traffic (updates, sync, component downloads) off so a page's requests are only its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const holder = globalThis as typeof globalThis & { epaChromium?: Promise<Browser> };

/**
 * One Chromium per test process (vitest.config.ts, `isolate: false`: a process runs file after file), kept
 * on globalThis and launched on first use: a launch costs about two CPU-seconds, paid once per worker
 * instead of once per file. A browser that went away (a crash) is launched again. Files never share a
 * page or a context: each test opens its own (`newContext`/`newPage`), and `closeContexts` closes what a
 * file left open. Playwright kills the browsers it launched when the process exits or is terminated.
 */
export async function sharedChromium(): Promise<Browser> {
  const kept = holder.epaChromium;
  const running = kept ? await kept.catch(() => undefined) : undefined;
  if (running?.isConnected()) return running;
  const launching = launchChromium();
  holder.epaChromium = launching;
  return launching;
}

/** Closes every context (with its pages, cookies and storage) still open in the shared browser. */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

const SCREENSHOT_DIR = new URL('../../../test-output/', import.meta.url);

/** Keeps a screenshot of the page in test-output/ for a person to look at. */
export async function saveScreenshot(page: Page, fileName: string, options: { fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(fileName, SCREENSHOT_DIR).pathname, ...options });
}
