import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { LocalStack } from '../../../infra/local/stack.ts';
import { type SignedInUser, signedInUser } from '../../support/signed-in-user.ts';
import { apiClient } from './api-client.ts';
import { closeContexts, sharedChromium } from './chromium.ts';
import { startTestStack } from './local-stack.ts';
import { type StoredEmail, storedEmailsTo } from '../../../infra/local/ses-store.ts';

export type BrowserWorld = { stack: LocalStack; planner: SignedInUser; call: ReturnType<typeof apiClient>; browser: Browser };

/**
 * For a browser test file: the local stack, a signed-in planner, an API client and headless Chromium,
 * ready before its tests (the fields are filled in beforeAll) and stopped after them. The browser is the
 * process's shared one (chromium.ts `sharedChromium`): the file closes the contexts it opened, not the browser.
 */
export function browserWorldPerFile(): BrowserWorld {
  const world = {} as BrowserWorld;
  beforeAll(async () => {
    const [stack, planner, browser] = await Promise.all([startTestStack(), signedInUser(), sharedChromium()]);
    Object.assign(world, { stack, planner, browser, call: apiClient(stack.apiUrl) });
  });
  afterAll(async () => {
    await closeContexts(world.browser);
    await world.stack?.stop();
  });
  return world;
}


/** The emails the world's SES emulator received for an address, oldest first. */
export const emailsTo = (world: BrowserWorld, address: string): Promise<StoredEmail[]> => storedEmailsTo(world.stack.sesEndpoint, address);
