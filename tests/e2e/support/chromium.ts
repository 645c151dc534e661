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

const SCREENSHOT_DIR = new URL('../../../test-output/', import.meta.url);

/** Keeps a screenshot of the page in test-output/ for a person to look at. */
export async function saveScreenshot(page: Page, fileName: string, options: { fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(fileName, SCREENSHOT_DIR).pathname, ...options });
}
