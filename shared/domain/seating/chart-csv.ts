import { stringify } from 'csv-stringify/sync';
import { defuseFormula } from '../guests/csv.ts';

/** The seating chart as CSV (docs/seating.md): one row per taken seat, by table then seat; formula-safe. */
export const chartColumns = ['table', 'shape', 'seat', 'name', 'guest_id', 'plus_one', 'party', 'dietary_restrictions'] as const;
export type ChartRow = Record<(typeof chartColumns)[number], string | number>;

export function seatingChartCsv(rows: ChartRow[]): string {
  return stringify(
    rows.map((row) => chartColumns.map((column) => defuseFormula(String(row[column])))),
    { header: true, columns: [...chartColumns], record_delimiter: 'windows' },
  );
}
