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

/** Finding a zone's changes costs ~25 ms of CPU; a batch mails one event, so each zone and span of years is found once. */
const timezoneCache = new Map<string, string[]>();

function timezoneLines(zone: string, first: DateTime, last: DateTime): string[] {
  const key = `${zone}|${first.year}|${last.year}`;
  let lines = timezoneCache.get(key);
  if (!lines) {
    lines = describeTimezone(zone, first, last);
    timezoneCache.set(key, lines);
  }
  return lines;
}

/** VTIMEZONE for the years around the entries: one STANDARD/DAYLIGHT part per change, or one fixed part. */
function describeTimezone(zone: string, first: DateTime, last: DateTime): string[] {
  const from = first.minus({ years: 1 }).startOf('year').toMillis();
  const to = last.plus({ years: 1 }).endOf('year').toMillis();
  const changes = transitions(zone, from, to);
  const parts = changes.length > 0
    ? changes.map((change) => ({
        // DTSTART is the wall-clock time the change happens at, in the offset before it.
        start: localStamp(DateTime.fromMillis(change.at, { zone: 'utc' }).plus({ minutes: change.from })),
        from: change.from,
        to: change.to,
        daylight: change.to > change.from,
      }))
    : [{ start: '19700101T000000', from: first.offset, to: first.offset, daylight: false }];
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

/** One VEVENT of a calendar file: the event, or a sub-event the guest attends (docs/sub-events.md). */
export type CalendarEntry = Omit<CalendarEvent, 'durationHours' | 'timezone'> & { endUtc: string };

const placed = (utc: string, timezone: string) => {
  const at = DateTime.fromISO(utc, { zone: 'utc' }).setZone(timezone);
  if (!at.isValid) throw new Error(`Cannot place ${utc} in time zone ${timezone}`);
  return at;
};

function eventLines(entry: CalendarEntry, timezone: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(entry.uid)}`,
    `SEQUENCE:${entry.sequence}`,
    `DTSTAMP:${utcStamp(DateTime.fromJSDate(entry.stampedAt))}`,
    `DTSTART;TZID=${timezone}:${localStamp(placed(entry.startUtc, timezone))}`,
    `DTEND;TZID=${timezone}:${localStamp(placed(entry.endUtc, timezone))}`,
    `SUMMARY:${escapeIcsText(entry.summary)}`,
    ...(entry.description ? [`DESCRIPTION:${escapeIcsText(entry.description)}`] : []),
    ...(entry.location ? [`LOCATION:${escapeIcsText(entry.location)}`] : []),
    ...(entry.url ? [`URL:${entry.url}`] : []),
    `STATUS:${entry.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
  ];
}

/** A calendar file of one or more entries, all written in the event's time zone (one VTIMEZONE for them all). */
export function buildIcsCalendar(timezone: string, entries: CalendarEntry[]): string {
  if (entries.length === 0) throw new Error('A calendar file needs at least one entry');
  const starts = entries.map((entry) => placed(entry.startUtc, timezone)).sort((a, b) => a.toMillis() - b.toMillis());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//event-planning-api//invitations//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...timezoneLines(timezone, starts[0] as DateTime, starts[starts.length - 1] as DateTime),
    ...entries.flatMap((entry) => eventLines(entry, timezone)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** The event alone, shown for `durationHours` (events store a start only). */
export const eventCalendarEntry = ({ durationHours, timezone: _timezone, ...event }: CalendarEvent): CalendarEntry => ({
  ...event,
  endUtc: DateTime.fromISO(event.startUtc, { zone: 'utc' }).plus({ hours: durationHours }).toISO() as string,
});

export function buildIcs(event: CalendarEvent): string {
  return buildIcsCalendar(event.timezone, [eventCalendarEntry(event)]);
}
