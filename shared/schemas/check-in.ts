import * as z from 'zod';
import { CHECK_IN_CODE_MAX_LENGTH } from '../domain/check-in/code.ts';
import { MAX_SCANS_PER_BATCH } from '../domain/check-in/scan.ts';
import { isoDateTime, pageQuery } from './common.ts';

/** What the door routes accept (docs/check-in.md). */
const code = z.string().trim().min(1).max(CHECK_IN_CODE_MAX_LENGTH);
/** A door device names itself (a label its staff chose, or a random id it keeps): who scanned, in answers and conflicts. */
const deviceId = z.string().trim().min(1).max(64);

/** POST /api/events/{id}/check-ins: one scan, now. */
export const checkInScanBody = z.object({ code, device_id: deviceId.optional() });

/** POST /api/events/{id}/check-ins/batch: the scans a door device made while offline, each with its time. */
export const checkInBatchBody = z.object({
  device_id: deviceId,
  scans: z.array(z.object({ code, scanned_at: isoDateTime })).min(1).max(MAX_SCANS_PER_BATCH),
});

/** GET /api/events/{id}/check-ins: the door list, attending guests by name (`q`: a name prefix). */
export const checkInListQuery = pageQuery.extend({ q: z.string().trim().min(1).max(100).optional() });
