// @ts-nocheck
import * as z from 'zod';

/**
 * POST /api/events/{id}/guests/purge: `force` purges an event that has not ended yet (not cancelled
 * either); without a body it is false.
 */
export const purgeGuestsBody = z.object({ force: z.boolean().default(false) }).default({ force: false });
