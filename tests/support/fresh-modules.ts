import { vi } from 'vitest';

/**
 * After tests/support/environment.ts, for the files that replace modules (test-sets.ts, isolatedFiles):
 * the setup loaded real modules (the clients, the bus) that the file's subject imports; forgetting them
 * makes the subject load again after the file's `vi.mock`, with the replacements.
 */
vi.resetModules();
