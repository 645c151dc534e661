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
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
    // Tags start collapsed (functions/docs/page.ts); each one opened alone lists its operations.
    let operations = 0;
    for (const tag of await page.locator('.opblock-tag').all()) {
      await tag.click();
      await page.locator('.opblock').first().waitFor();
      operations += await page.locator('.opblock').count();
      await tag.click();
      await page.locator('.opblock').first().waitFor({ state: 'detached' });
    }
    const title = await page.locator('.info .title').textContent();
    // An operation opens with its request example and its answers, the problem ones included.
    await page.locator('#operations-tag-events').click();
    const createEvent = page.locator('#operations-events-createEvent');
    await createEvent.locator('.opblock-summary').click();
    await createEvent.locator('.opblock-body').waitFor();
    const opened = await createEvent.locator('.opblock-body').textContent();
    await saveScreenshot(page, 'api-docs.png');
    const csp = answer?.headers()['content-security-policy'] ?? '';

    expect(answer?.status()).toBe(200);
    expect(title).toContain('Event-planning API');
    expect(operations).toBe(routes.length);
    expect(opened).toContain('Château de Vincennes');
    expect(opened).toContain('415');
    expect(requested.filter((url) => !url.startsWith(stack.apiUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
