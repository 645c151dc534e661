import * as z from 'zod';
import { domainEventSchema } from '../domain-events/contract.ts';

/**
 * `guests.import.requested`: a background guest import was stored (shared/domain/guests/import-job.ts).
 * The request puts it on the bus; the `guest-import` consumer runs the job. Its id is the job's, so a
 * redelivery is the same fact, and the job's checkpoint makes a second run resume instead of repeat.
 */
export const guestImportRequestedType = 'guests.import.requested';

export const guestImportRequestedSchema = domainEventSchema.extend({
  type: z.literal(guestImportRequestedType),
  detail: z.object({ job_id: z.string().min(1) }),
});
export type GuestImportRequested = z.infer<typeof guestImportRequestedSchema>;

export function guestImportRequestedEvent(job: { event_id: string; id: string; created_by: string; created_at: string }): GuestImportRequested {
  return {
    id: `${job.id}.${guestImportRequestedType}`,
    type: guestImportRequestedType,
    event_id: job.event_id,
    actor_id: job.created_by,
    occurred_at: job.created_at,
    entity_type: 'guest_import',
    entity_id: job.id,
    detail: { job_id: job.id },
  };
}
