// @ts-nocheck
import { httpGroup } from '#shared/http/group.ts';
import { listInvitations, sendInvitations } from './routes.ts';

/** The invitations group: queue batches and read their history (see shared/routes.ts). */
export const handler = httpGroup('invitations', { sendInvitations, listInvitations });
