import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { GuestRecord } from './rules.ts';

/**
 * Guest lists as CSV, parsed and written by csv-parse / csv-stringify. The header row names the
 * columns (any case, spaces or underscores); rows keep their line numbers so problems name them. On
 * export every cell that a spreadsheet would run as a formula is defused with a leading apostrophe.
 */
export type CsvRow = { line: number; fields: Record<string, string> };
export type CsvParse = { rows: CsvRow[] } | { problem: { line: number | null; message: string } };

const columnName = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function parseGuestCsv(text: string): CsvParse {
  try {
    const records = parse(text, {
      bom: true,
      columns: (headers: string[]) => headers.map(columnName),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return { rows: records.map(({ record, info }) => ({ line: info.lines, fields: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      return { problem: { line, message: error.message } };
    }
    throw error;
  }
}

const TRUE_WORDS = ['true', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'no', 'n', '0'];

/**
 * A row as the input a JSON client would send: empty cells left out, numbers and yes/no as such. A value
 * that does not convert is passed on as text, so the guest schema reports it like any bad field.
 */
export function rowToGuestInput(fields: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === '') continue;
    if (name === 'plus_one_count' || name === 'plus_one_limit') input[name] = /^\d+$/.test(value) ? Number(value) : value;
    else if (name === 'plus_one_allowed') {
      const word = value.toLowerCase();
      input[name] = TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : value;
    } else input[name] = value;
  }
  return input;
}

export const exportColumns = [
  'name', 'email', 'phone', 'dietary_restrictions', 'special_needs', 'plus_one_allowed', 'plus_one_limit', 'plus_one_count',
  'party_name', 'notes', 'language', 'rsvp_status', 'rsvp_date', 'rsvp_note', 'invited_at',
  // The party (docs/parties.md) the guest is in, by id; an import ignores it, like the answer's columns.
  'party_id',
  // The same party by name: an import joins the event's party of that name (docs/guest-import.md, "Parties").
  'party',
] as const;

export { importPartyName } from '../parties/import.ts';

/** OWASP's CSV-injection characters: a cell starting with one is text, not a formula, once prefixed. */
const FORMULA_START = /^[=+\-@\t\r|%]/;

export const defuseFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

function cellOf(guest: GuestRecord, column: (typeof exportColumns)[number], partyNames: ReadonlyMap<string, string>): string {
  if (column === 'party') return guest.party_id ? partyNames.get(guest.party_id) ?? '' : '';
  const value = guest[column];
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** The list as CSV; `partyNames` (party id to name) fills the `party` column. */
export function guestsToCsv(guests: GuestRecord[], partyNames: ReadonlyMap<string, string> = new Map()): string {
  return stringify(
    guests.map((guest) => exportColumns.map((column) => defuseFormula(cellOf(guest, column, partyNames)))),
    { header: true, columns: [...exportColumns], record_delimiter: 'windows' },
  );
}
