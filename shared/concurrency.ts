/**
 * Runs `work` over the items with at most `limit` at a time (SES sends in flight, shard Queries). After a failure no new
 * item is started; the work in flight is waited for, then the first failure is thrown, so nothing keeps
 * sending behind the caller's back.
 */
export async function forEachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * Work started now and awaited later, at most `limit` in flight: `admit` waits for the oldest while `limit`
 * are; `drain` waits for all. For work that never rejects (a committed transaction's publishing).
 */
export function backgroundWork(limit: number): { add: (work: Promise<void>) => void; admit: () => Promise<void>; drain: () => Promise<void> } {
  const inFlight: Promise<void>[] = [];
  return {
    add: (work) => {
      inFlight.push(work);
    },
    admit: async () => {
      while (inFlight.length >= limit) await inFlight.shift();
    },
    drain: async () => {
      await Promise.all(inFlight.splice(0));
    },
  };
}
