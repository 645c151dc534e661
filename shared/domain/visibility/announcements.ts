import { announcementRecipientFieldAreas } from './fields.ts';
import { type Rights, withoutHiddenFields } from './rights.ts';

/**
 * A recipient of an announcement as the caller may see it: without guests read, the delivery facts stay
 * (status, sent, delivered, opened) but not who the guest is (as an invitation row).
 */
export const visibleAnnouncementRecipient = <T extends Record<string, unknown>>(row: T, rights: Rights): Partial<T> =>
  withoutHiddenFields(row, announcementRecipientFieldAreas, rights);
