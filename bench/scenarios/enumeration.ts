import type { BenchContext, BenchRow, BenchScenario, SignedIn } from '../scenario.ts';
import { createBenchEvent } from '../api.ts';

/**
 * Issue 14: the routes that must not tell whether an address has an account (registration, forgotten
 * password, adding a team member by email) must take as long and do the same DynamoDB work either way.
 * Each pair measures one route with addresses that have an account and with addresses that do not; the
 * second row's note gives the difference of the medians (after one unmeasured call of each kind). Equal `ddb calls/req` is the structural half.
 */
const SAMPLES = 10;
const REGISTRATIONS = 5;
/**
 * Forgotten-password requests: one source may make 20 in 15 minutes, warm-ups included, and the public
 * scenario takes 2 of them (bench/scenarios/public-calls.ts).
 */
const FORGOT_SAMPLES = 8;

export const enumerationScenario: BenchScenario = {
  name: 'enumeration',
  run: async (context) => {
    const accounts: SignedIn[] = [];
    for (let index = 0; index <= SAMPLES; index += 1) accounts.push(await context.signUp());
    const [owner] = accounts as [SignedIn];
    const stranger = (label: string, index: number) => `${label}.${process.pid}.${index}@example.com`;
    return [
      ...(await pair(context, 'POST /api/auth/register', REGISTRATIONS, {
        held: (index) => context.api('POST', '/api/auth/register', { body: registration(`held_${index}`, emailOf(accounts[index] as SignedIn)) }),
        free: (index) => context.api('POST', '/api/auth/register', { body: registration(`free_${index}`, stranger('free', index)) }),
      })),
      ...(await pair(context, 'POST /api/auth/password/forgot', FORGOT_SAMPLES, {
        held: (index) => context.api('POST', '/api/auth/password/forgot', { body: { email: emailOf(accounts[index] as SignedIn) } }),
        free: (index) => context.api('POST', '/api/auth/password/forgot', { body: { email: stranger('nobody', index) } }),
      })),
      ...(await teamRows(context, owner, accounts.slice(1), stranger)),
    ];
  },
};

/** The bench's accounts register as `<username>@example.com` (bench/run.ts). */
const emailOf = (account: SignedIn) => `${account.username}@example.com`;
const registration = (label: string, email: string) => ({
  username: `bench_enum_${process.pid}_${label}`,
  email,
  password: 'correct horse battery staple',
  full_name: 'Bench',
});

async function teamRows(context: BenchContext, owner: SignedIn, others: SignedIn[], stranger: (label: string, index: number) => string): Promise<BenchRow[]> {
  const eventId = await createBenchEvent(context.api, owner.token, 'Bench team', 'conference');
  const add = (email: string) => context.api('POST', `/api/events/${eventId}/team`, { token: owner.token, body: { email, role: 'viewer' } });
  return pair(context, 'POST /api/events/{id}/team (by email)', others.length - 1, {
    held: (index) => add(emailOf(others[index] as SignedIn)),
    free: (index) => add(stranger('invitee', index)),
  });
}

async function pair(
  context: BenchContext,
  endpoint: string,
  count: number,
  calls: { held: (index: number) => Promise<{ status: number }>; free: (index: number) => Promise<{ status: number }> },
): Promise<BenchRow[]> {
  const statuses = new Set<number>();
  const answered = (call: (index: number) => Promise<{ status: number }>) => async (index: number) => statuses.add((await call(index)).status);
  // One unmeasured call of each kind first (index `count`), so neither kind pays for the warm-up.
  await answered(calls.held)(count);
  await answered(calls.free)(count);
  const held = await context.measureEndpoint(`${endpoint}: address with an account`, count, answered(calls.held));
  const free = await context.measureEndpoint(`${endpoint}: address without one`, count, answered(calls.free));
  // Both kinds must have been answered alike for the timing to mean anything.
  if (statuses.size !== 1) throw new Error(`${endpoint} answered ${[...statuses].join(', ')}: not one status for both kinds`);
  const delta = Math.round((held.p50Ms - free.p50Ms) * 100) / 100;
  return [held, { ...free, note: `p50 difference ${delta} ms (${Math.round((Math.abs(delta) / Math.max(held.p50Ms, free.p50Ms)) * 100)}% of the slower)` }];
}
