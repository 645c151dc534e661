import type { FieldChange } from '../../data/audit.ts';

/**
 * Editing a scheduled announcement (docs/announcements.md, "Editing"): its subject, message and `send_at`
 * may change while it is `scheduled`; its segment may not (its recipients, and the quota charged for
 * them, were recorded when it was scheduled: to change who it goes to, cancel it and send another).
 */
export type AnnouncementText = { subject: string; message: string; send_at: string };
export type AnnouncementEdit = { subject?: string; message?: string; send_at?: string };

/** The fields the edit changes, each with its value before and after (the audit entry's changes); none when nothing differs. */
export function announcementChanges(current: AnnouncementText, edit: AnnouncementEdit): FieldChange[] {
  return (['subject', 'message', 'send_at'] as const)
    .filter((field) => edit[field] !== undefined && edit[field] !== current[field])
    .map((field) => ({ field, before: current[field], after: edit[field] as string }));
}
