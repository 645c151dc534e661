// @ts-nocheck
import { apiClient } from '../tests/e2e/support/api-client.ts';

/** The benchmark drives the local API with the same small fetch client as the end-to-end tests. */
export { apiClient };
export type ApiCall = ReturnType<typeof apiClient>;
