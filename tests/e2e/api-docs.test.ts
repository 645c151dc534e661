import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { routes } from '../../shared/routes.ts';
import { closeContexts, sharedChromium, saveScreenshot } from './support/chromium.ts';
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
  browser = await sharedChromium();
});

afterAll(async () => {
  await closeContexts(browser);
  await stack?.stop();
});

/** The operations the route table puts under each tag (its function group), as Swagger UI names their blocks. */
function operationBlocksByTag(): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const route of routes) byTag.set(route.group, [...(byTag.get(route.group) ?? []), `operations-${route.group}-${route.operation}`]);
  return byTag;
}

describe('the API reference page', () => {
  it('renders every operation of the route table from local assets, within its CSP', async () => {
    // Swagger UI 5 virtualizes its list once the tags and the open operations make 150 rows (only the rows
    // in the window are in the page). One tag open at a time stays far under that (16 tags, 35 operations at
    // most in one), so every operation of an open tag is in the page whatever the window's height: each tag
    // is opened, its operations read, and closed again, in an ordinary window (a window tall enough for all
    // 160 operations at once made Chromium paint 27 million pixels on every click).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Every wait below is on a condition; the test's own deadline is the bound for a hang.
    page.setDefaultTimeout(0);
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
    await page.locator('.opblock-tag').first().waitFor();
    // Tags start collapsed (functions/docs/page.ts): no operation is listed until its tag is opened.
    const listedCollapsed = await page.locator('.opblock').count();
    const expected = operationBlocksByTag();
    const listed = new Map<string, string[]>();
    for (const tag of await page.locator('h3.opblock-tag').all()) {
      const name = (await tag.getAttribute('data-tag')) ?? '';
      await tag.click();
      // Swagger UI renders an opened tag's operations at once (one React commit): the first one stands for all.
      await page.locator('.opblock-tag-section.is-open .opblock').first().waitFor();
      listed.set(name, await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id)));
      await tag.click();
      await page.locator('.opblock').first().waitFor({ state: 'detached' });
    }
    const title = await page.locator('.info .title').textContent();
    // An operation opens with its request example and its answers, the problem ones included.
    await page.locator('h3.opblock-tag[data-tag="events"]').click();
    const createEvent = page.locator('#operations-events-createEvent');
    await createEvent.locator('.opblock-summary').click();
    await createEvent.locator('.opblock-body').waitFor();
    const opened = await createEvent.locator('.opblock-body').textContent();
    await createEvent.evaluate((block) => block.ownerDocument.defaultView?.scrollBy(0, block.getBoundingClientRect().top - 100));
    await saveScreenshot(page, 'api-docs.png');
    const csp = answer?.headers()['content-security-policy'] ?? '';
    const sorted = (byTag: Map<string, string[]>) => [...byTag.entries()].map(([tag, blocks]) => [tag, [...blocks].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b)));

    expect(answer?.status()).toBe(200);
    expect(title).toContain('Event-planning API');
    expect(listedCollapsed).toBe(0);
    expect(sorted(listed)).toEqual(sorted(expected));
    expect([...listed.values()].flat()).toHaveLength(routes.length);
    expect(opened).toContain('Château de Vincennes');
    expect(opened).toContain('415');
    expect(requested.filter((url) => !url.startsWith(stack.apiUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
