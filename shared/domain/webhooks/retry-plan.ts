/**
 * When a failed webhook delivery is tried again (docs/webhooks.md): backoff from half a minute doubling
 * to at most 2 hours, with up to a fifth of jitter so endpoints that fail together do not retry together,
 * for 24 hours from the first attempt; then the delivery is given up. An endpoint whose deliveries have
 * all failed for 24 hours is disabled.
 */
export const RETRY_WINDOW_MS = 24 * 3600_000;
export const DISABLE_AFTER_FAILING_MS = 24 * 3600_000;
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 2 * 3600_000;

/** The wait after `attempts` failed attempts (1 after the first), before jitter. */
export const backoffMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));

/**
 * The next attempt after a failure, or null when the 24 hours are over (the last attempt is never
 * scheduled past the window). `jitter` in [0, 1) comes from the caller, so the rule stays pure.
 */
export function nextAttemptAt(input: { firstAttemptAt: Date; attempts: number; now: Date; jitter: number }): Date | null {
  const windowEnd = input.firstAttemptAt.getTime() + RETRY_WINDOW_MS;
  if (input.now.getTime() >= windowEnd) return null;
  const wait = backoffMs(input.attempts) * (1 + input.jitter / 5);
  return new Date(Math.min(windowEnd, input.now.getTime() + wait));
}

/** Whether an endpoint failing since `failingSince` (null: its last delivery succeeded) is to be disabled now. */
export const shouldDisable = (failingSince: string | null, now: Date): boolean =>
  failingSince !== null && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_FAILING_MS;
