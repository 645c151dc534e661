import { httpGroup } from '#shared/http/group.ts';
import { cancelAnnouncement, listAnnouncementRecipients, listEventAnnouncements, sendAnnouncement, updateAnnouncement } from './announcements.ts';
import { listInvitations, sendInvitations } from './routes.ts';

/** The invitations group: queue batches and read their history, and the planners' announcements to guests (see shared/routes.ts). */
export const handler = httpGroup('invitations', { sendInvitations, listInvitations, sendAnnouncement, listEventAnnouncements, cancelAnnouncement, updateAnnouncement, listAnnouncementRecipients });
