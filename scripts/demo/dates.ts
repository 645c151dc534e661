/**
 * The demo's calendar, counted from the day it runs (UTC): the wedding is on the first Saturday at least
 * 26 weeks ahead, so the timeline is in the future and its critical path means something. Everything
 * else a run draws is fixed by the seed; only these dates move with the day of the run.
 */
export type DemoDates = {
  /** The wedding day (YYYY-MM-DD). */
  weddingDay: string;
  daysFromToday(days: number): string;
  daysBeforeWedding(days: number): string;
};

const DAY_MS = 86_400_000;
const day = (at: Date) => at.toISOString().slice(0, 10);

export function demoDates(today = new Date()): DemoDates {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const earliest = new Date(start + 26 * 7 * DAY_MS);
  const wedding = new Date(earliest.getTime() + ((6 - earliest.getUTCDay() + 7) % 7) * DAY_MS);
  return {
    weddingDay: day(wedding),
    daysFromToday: (days) => day(new Date(start + days * DAY_MS)),
    daysBeforeWedding: (days) => day(new Date(wedding.getTime() - days * DAY_MS)),
  };
}
