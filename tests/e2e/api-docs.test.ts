import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { routes } from '../../shared/routes.ts';
import { launchChromium, saveScreenshot } from './support/chromium.ts';
import { startTestStack } from './support/local-stack.ts';

/**
 * The API reference at /docs in headless Chromium (Debian's package), through the local server: Swagger
 * UI loads from this API alone (no network beyond it), under the page's CSP without a single violation,
 * and lists every operation of the route table, tag by tag. A screenshot is kept in test-output/.
 */

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the API reference page', () => {
  it('renders every operation of the route table from local assets, within its CSP', async () => {
    // Swagger UI 5 virtualizes its list once the tags and the open operations make 150 rows (only the rows
    // in the window are in the page, which is why waiting for every tag's section timed out): a window
    // tall enough for every row lets every tag be opened, by a click each, and counted once.
    const rowsHigh = (routes.length + 50) * 100;
    const page = await browser.newPage({ viewport: { width: 1280, height: rowsHigh } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });

    const answer = await page.goto(`${stack.apiUrl}/docs`);
    await page.locator('.opblock-tag').first().waitFor({ timeout: 80_000 });
    // Tags start collapsed (functions/docs/page.ts): no operation is listed until its tag is opened.
    const listedCollapsed = await page.locator('.opblock').count();
    for (const tag of await page.locator('.opblock-tag').all()) await tag.click();
    await page.locator('.opblock').nth(routes.length - 1).waitFor();
    const operations = await page.locator('.opblock').count();
    const title = await page.locator('.info .title').textContent();
    // An operation opens with its request example and its answers, the problem ones included.
    const createEvent = page.locator('#operations-events-createEvent');
    await createEvent.locator('.opblock-summary').click();
    await createEvent.locator('.opblock-body').waitFor();
    const opened = await createEvent.locator('.opblock-body').textContent();
    const at = await createEvent.boundingBox();
    await saveScreenshot(page, 'api-docs.png', { clip: { x: 0, y: Math.max(0, (at?.y ?? 0) - 100), width: 1280, height: 900 } });
    const csp = answer?.headers()['content-security-policy'] ?? '';

    expect(answer?.status()).toBe(200);
    expect(title).toContain('Event-planning API');
    expect(listedCollapsed).toBe(0);
    expect(operations).toBe(routes.length);
    expect(opened).toContain('Château de Vincennes');
    expect(opened).toContain('415');
    expect(requested.filter((url) => !url.startsWith(stack.apiUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
