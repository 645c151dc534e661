// @ts-nocheck
import { DateTime } from 'luxon';

/**
 * A calendar file (RFC 5545) for one event: DTSTART/DTEND in the event's own time zone (`TZID=`) with a
 * VTIMEZONE describing that zone's offsets around the event, so a calendar shows the right wall-clock
 * time wherever the guest is. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
 * character); TEXT values escape backslash, semicolon, comma and newlines.
 */
export type CalendarEvent = {
  uid: string;
  /** Bumped when the event changes, so calendars replace the earlier copy. */
  sequence: number;
  startUtc: string;
  /** Events store no end; an invitation shows this many hours. */
  durationHours: number;
  timezone: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
  stampedAt: Date;
};

const MAX_LINE_OCTETS = 75;

/** TEXT value escaping (RFC 5545 §3.3.11). */
export const escapeIcsText = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let currentOctets = 0;
  for (const character of line) {
    const octets = Buffer.byteLength(character, 'utf8');
    if (currentOctets + octets > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      currentOctets = 1;
    }
    current += character;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const utcStamp = (at: DateTime) => at.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
const localStamp = (at: DateTime) => at.toFormat("yyyyMMdd'T'HHmmss");

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
};

type Transition = { at: number; from: number; to: number };

const offsetAt = (millis: number, zone: string) => DateTime.fromMillis(millis, { zone }).offset;

/** The zone's offset changes in [from, to): found day by day, then narrowed to the minute. */
function transitions(zone: string, from: number, to: number): Transition[] {
  const day = 86_400_000;
  const found: Transition[] = [];
  for (let start = from; start < to; start += day) {
    const before = offsetAt(start, zone);
    const after = offsetAt(start + day, zone);
    if (before === after) continue;
    let low = start;
    let high = start + day;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(middle, zone) === before) low = middle;
      else high = middle;
    }
    found.push({ at: high, from: before, to: after });
  }
  return found;
}

/** Finding a zone's changes costs ~25 ms of CPU; a batch mails one event, so each zone-year is found once. */
const timezoneCache = new Map<string, string[]>();

function timezoneLines(zone: string, start: DateTime): string[] {
  const key = `${zone}|${start.year}`;
  let lines = timezoneCache.get(key);
  if (!lines) {
    lines = describeTimezone(zone, start);
    timezoneCache.set(key, lines);
  }
  return lines;
}

/** VTIMEZONE for the years around the event: one STANDARD/DAYLIGHT part per change, or one fixed part. */
function describeTimezone(zone: string, start: DateTime): string[] {
  const from = start.minus({ years: 1 }).startOf('year').toMillis();
  const to = start.plus({ years: 1 }).endOf('year').toMillis();
  const changes = transitions(zone, from, to);
  const parts = changes.length > 0
    ? changes.map((change) => ({
        // DTSTART is the wall-clock time the change happens at, in the offset before it.
        start: localStamp(DateTime.fromMillis(change.at, { zone: 'utc' }).plus({ minutes: change.from })),
        from: change.from,
        to: change.to,
        daylight: change.to > change.from,
      }))
    : [{ start: '19700101T000000', from: start.offset, to: start.offset, daylight: false }];
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    ...parts.flatMap((part) => {
      const kind = part.daylight ? 'DAYLIGHT' : 'STANDARD';
      return [`BEGIN:${kind}`, `DTSTART:${part.start}`, `TZOFFSETFROM:${offsetText(part.from)}`, `TZOFFSETTO:${offsetText(part.to)}`, `END:${kind}`];
    }),
    'END:VTIMEZONE',
  ];
}

export function buildIcs(event: CalendarEvent): string {
  const start = DateTime.fromISO(event.startUtc, { zone: 'utc' }).setZone(event.timezone);
  if (!start.isValid) throw new Error(`Cannot place ${event.startUtc} in time zone ${event.timezone}`);
  const end = start.plus({ hours: event.durationHours });
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//event-planning-api//invitations//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...timezoneLines(event.timezone, start),
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcStamp(DateTime.fromJSDate(event.stampedAt))}`,
    `DTSTART;TZID=${event.timezone}:${localStamp(start)}`,
    `DTEND;TZID=${event.timezone}:${localStamp(end)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeIcsText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeIcsText(event.location)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
