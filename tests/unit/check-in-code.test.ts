import { describe, expect, it } from 'vitest';
import { checkInCode, guestIdOfCheckInCode, verifyCheckInCode } from '../../shared/domain/check-in/code.ts';
import { decideScan, isReplayOf } from '../../shared/domain/check-in/scan.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import { composeRawEmail } from '../../shared/email/mime.ts';

const key = Buffer.alloc(32, 1);
const otherKey = Buffer.alloc(32, 2);
const eventId = '01JD3M8W6ZQ4V7N2K5T9X1B3C8';
const guestId = `${eventId}01JD3M9A2B3C4D5E6F7G8H9J0K`;
const guest = { event_id: eventId, id: guestId } as GuestRecord;

describe('check-in codes', () => {
  it('verify for their guest under any key of the set, and name the guest', () => {
    const code = checkInCode(guest, key);

    expect(code).toMatch(/^CI1\.[0-9A-Z]{52}\.[A-Za-z0-9_-]{22}$/);
    expect(guestIdOfCheckInCode(code)).toBe(guestId);
    expect(verifyCheckInCode(code, guest, [otherKey, key])).toBe(true);
    expect(verifyCheckInCode(code, guest, [otherKey])).toBe(false);
  });

  it('stop verifying with a new nonce, for another event, or tampered', () => {
    const code = checkInCode(guest, key);

    expect(verifyCheckInCode(code, { ...guest, check_in_nonce: 'new' }, [key])).toBe(false);
    expect(verifyCheckInCode(code, { ...guest, event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C9' }, [key])).toBe(false);
    expect(verifyCheckInCode(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`, guest, [key])).toBe(false);
    expect(guestIdOfCheckInCode('CI1.short.AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('check in an attending guest once; a repeat is already checked in; a replay is the same device and time', () => {
    const attending = { ...guest, rsvp_status: 'yes', version: 1 } as GuestRecord;
    const scan = { code: checkInCode(attending, key), at: '2031-06-20T17:05:00.000Z', by: 'user', device: 'door-1' };

    const first = decideScan(attending, scan, [key]);
    const checkedIn = first.kind === 'check_in' ? first.after : attending;

    expect(first.kind).toBe('check_in');
    expect(decideScan(checkedIn, scan, [key]).kind).toBe('already');
    expect(isReplayOf(checkedIn, { at: '2031-06-20T17:05:00Z', device: 'door-1' })).toBe(true);
    expect(isReplayOf(checkedIn, { at: '2031-06-20T17:05:00Z', device: 'door-2' })).toBe(false);
    expect(decideScan({ ...attending, rsvp_status: 'maybe' }, scan, [key]).kind).toBe('not_attending');
    expect(decideScan(null, scan, [key]).kind).toBe('unknown');
  });
});

describe('the confirmation email with its QR code', () => {
  it('carries the PNG as an inline part the HTML names by Content-ID', async () => {
    const raw = (await composeRawEmail({
      from: 'planner@example.com', to: { address: 'grace@example.com' }, subject: 'Yes', text: 'Yes', html: '<img src="cid:check-in-qr@event-planning">',
      inlineImages: [{ contentId: 'check-in-qr@event-planning', filename: 'check-in.png', png: Buffer.from('png') }],
    })).toString();

    expect(raw).toContain('multipart/related');
    expect(raw).toContain('Content-ID: <check-in-qr@event-planning>');
    expect(raw).toContain('Content-Disposition: inline');
  });
});
