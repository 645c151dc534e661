// @ts-nocheck
import { config } from '../config.ts';

/** The link a guest opens (emails, the planner's copy): the public page under PUBLIC_BASE_URL. */
export const rsvpUrl = (code: string): string => `${config().PUBLIC_BASE_URL.replace(/\/+$/, '')}/rsvp/${encodeURIComponent(code)}`;
