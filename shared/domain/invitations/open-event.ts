import * as z from 'zod';
import { domainEventSchema } from '../domain-events/contract.ts';

/**
 * `invitation.opened`: a guest viewed their invitation (GET /api/rsvp, the RSVP page) when there was an
 * open to record (shared/domain/invitations/counters.ts). The GET puts it on the bus instead of writing;
 * the `invitation-opens` consumer records it. Its id is the same for every view of the same open, so
 * repeats and redeliveries are one fact, and the consumer's conditions make them change nothing.
 */
export const invitationOpenedType = 'invitation.opened';

export const invitationOpenedSchema = domainEventSchema.extend({
  type: z.literal(invitationOpenedType),
  detail: z.object({ guest_id: z.string().min(1), batch_id: z.string().min(1).optional() }),
});
export type InvitationOpened = z.infer<typeof invitationOpenedSchema>;

export function invitationOpenedEvent(open: { event_id: string; guest_id: string; batch_id?: string }, at: Date): InvitationOpened {
  return {
    id: `${open.guest_id}.${open.batch_id ?? 'page'}.${invitationOpenedType}`,
    type: invitationOpenedType,
    event_id: open.event_id,
    actor_id: `guest:${open.guest_id}`,
    occurred_at: at.toISOString(),
    entity_type: 'guest',
    entity_id: open.guest_id,
    detail: { guest_id: open.guest_id, ...(open.batch_id ? { batch_id: open.batch_id } : {}) },
  };
}
