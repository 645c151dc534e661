// @ts-nocheck
import * as z from 'zod';
import { one } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** The health check: public; 503 while the table does not answer. */
export const healthContract: GroupContract = {
  health: {
    responses: { 200: { description: 'The API and its table answer', schema: one(z.strictObject({ status: z.literal('ok') })) } },
    problems: [503],
  },
};
