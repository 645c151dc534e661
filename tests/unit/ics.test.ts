import { describe, expect, it } from 'vitest';
import { buildIcs, buildIcsCalendar, escapeIcsText, eventCalendarEntry, foldLine } from '../../shared/email/ics.ts';

const base = {
  uid: '01J@event-planning-api', sequence: 3, startUtc: '2031-06-20T17:00:00Z', durationHours: 3, timezone: 'Europe/London',
  summary: 'Ada & Grace; party, 2031', stampedAt: new Date('2030-01-01T00:00:00Z'),
};

describe('the .ics builder', () => {
  it('places the event in its own time zone with a VTIMEZONE for that zone', () => {
    const ics = buildIcs(base);

    expect(ics).toContain('DTSTART;TZID=Europe/London:20310620T180000\r\n');
    expect(ics).toContain('DTEND;TZID=Europe/London:20310620T210000\r\n');
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n');
    // The spring change of 2031 (last Sunday of March, 01:00 UTC): from +0000 to +0100 at 01:00 local.
    expect(ics).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20310330T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:DAYLIGHT');
    expect(ics).toContain('BEGIN:STANDARD\r\nDTSTART:20311026T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD');
  });

  it('writes several entries (the event and sub-events) in one file with one VTIMEZONE covering all their years', () => {
    const ics = buildIcsCalendar('Europe/London', [
      eventCalendarEntry(base),
      { uid: 'sub-event-1-2@event-planning', sequence: 0, startUtc: '2032-12-01T19:00:00Z', endUtc: '2032-12-01T21:30:00Z', summary: 'Party (later)', stampedAt: base.stampedAt },
    ]);

    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(ics).toContain('UID:sub-event-1-2@event-planning\r\nSEQUENCE:0\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/London:20321201T190000\r\nDTEND;TZID=Europe/London:20321201T213000\r\n');
    // The zone's changes from the earliest entry's year before to the latest's year after (2030 to 2033).
    expect(ics).toContain('DTSTART:20300331T010000');
    expect(ics).toContain('DTSTART:20331030T020000');
    expect(() => buildIcsCalendar('Europe/London', [])).toThrow();
  });

  it('gives a zone without changes one fixed STANDARD part', () => {
    const ics = buildIcs({ ...base, timezone: 'Asia/Tokyo' });

    expect(ics).toContain('BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD');
    expect(ics).toContain('DTSTART;TZID=Asia/Tokyo:20310621T020000');
  });

  it('ends every line in CRLF, never has a bare LF, and escapes text', () => {
    const ics = buildIcs({ ...base, description: 'Line one\nback\\slash' });

    expect(ics.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(ics)).toBe(false);
    expect(ics).toContain('SUMMARY:Ada & Grace\\; party\\, 2031');
    expect(ics).toContain('DESCRIPTION:Line one\\nback\\\\slash');
    expect(escapeIcsText('a,b;c\\d\r\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(80)}`;

    const physical = foldLine(line).split('\r\n');

    expect(physical.length).toBeGreaterThan(2);
    for (const part of physical) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(physical.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });
});
