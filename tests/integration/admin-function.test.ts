import { describe, expect, it } from 'vitest';
import { handler as adminHandler } from '../../functions/admin/handler.ts';
import { sessionKeys } from '../../shared/data/keys.ts';
import { migrations } from '../../shared/data/migrations/index.ts';
import { getSession, moveSessionsCutOff } from '../../shared/data/sessions.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { lambdaContext } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { call, currentUser, storedItem } from './auth-fixtures.ts';

/**
 * The admin function (functions/admin): what `npm run admin -- end-sessions` does, invoked by hand in AWS
 * with a JSON payload. Ending everyone's sessions moves this file's table's cut-off, so that test is last.
 */
const invokeAdmin = (payload: unknown) => adminHandler(payload, lambdaContext());
const note = { operator: 'oncall', reason: 'incident 42' };

describe('the admin function', () => {
  it('ends one account\'s sessions and logs it as the operator\'s security event', async () => {
    const [target, bystander] = [await signedInUser(), await signedInUser()];
    const captured = captureSecurityEvents();

    const answer = await invokeAdmin({ action: 'end-sessions', user: target.userId, ...note });
    captured.stop();

    expect(answer).toEqual({ ok: true, result: { user_id: target.userId, sessions_ended: 1 } });
    expect((await currentUser(target.token)).status).toBe(401);
    expect((await currentUser(bystander.token)).status).toBe(200);
    expect(captured.events).toEqual([expect.objectContaining({ kind: 'sessions.ended_by_operator', user_id: target.userId })]);
  });

  it.each([
    ['no action', { user: 'U1', ...note }],
    ['an unknown action', { action: 'drop-table', all: true, ...note }],
    ['neither an account nor all', { action: 'end-sessions', ...note }],
    ['both an account and all', { action: 'end-sessions', user: 'U1', all: true, ...note }],
    ['no operator', { action: 'end-sessions', all: true, reason: 'x' }],
    ['no reason', { action: 'end-sessions', all: true, operator: 'oncall' }],
    ['all: false', { action: 'end-sessions', all: false, ...note }],
    ['not an object', 'end-sessions'],
  ])('refuses a payload with %s, changing nothing', async (_case, payload) => {
    const user = await signedInUser();

    const answer = await invokeAdmin(payload);

    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('"action": "end-sessions"') });
    expect(await getSession(user.sessionId)).not.toBeNull();
    expect(await storedItem(sessionKeys.cutOff)).toBeUndefined();
  });

  it('answers an unknown account as such', async () => {
    expect(await invokeAdmin({ action: 'end-sessions', user: '01J0000000000000000000000X', ...note })).toEqual({ ok: false, error: 'No account has the id 01J0000000000000000000000X.' });
  });

  it('runs the data migrations from their checkpoints and answers their progress; with its time running out it stops between pages and says so', async () => {
    // The admin function's own timeout (15 minutes), against which it stops a minute early.
    const withTime = (remainingMs: number) => ({ ...lambdaContext(), getRemainingTimeInMillis: () => remainingMs });
    const status = await invokeAdmin({ action: 'migration-status', operator: 'oncall' });
    const again = await adminHandler({ action: 'run-migrations', operator: 'oncall' }, withTime(900_000));
    const restarted = await adminHandler({ action: 'run-migrations', operator: 'oncall', restart: true }, withTime(900_000));
    const outOfTime = await adminHandler({ action: 'run-migrations', operator: 'oncall', restart: true }, withTime(30_000));
    const refused = await invokeAdmin({ action: 'run-migrations', operator: 'oncall', restart: 'yes' });

    expect(status).toMatchObject({ ok: true, result: migrations.map(({ id }) => ({ migration_id: id, status: 'done' })) });
    expect(again).toMatchObject({ ok: true, result: { complete: true, migrations: migrations.map(() => ({ outcome: 'already_done' })) } });
    expect(restarted).toMatchObject({ ok: true, result: { complete: true, migrations: migrations.map(() => ({ outcome: 'done', rewritten: 0 })) } });
    expect(outOfTime).toEqual({ ok: true, result: { complete: false, migrations: [{ id: '0001-guest-index', outcome: 'stopped', pages: 0, scanned: 0, rewritten: 0, changed_meanwhile: 0 }] } });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('"action": "run-migrations"') });
    expect(await adminHandler({ action: 'run-migrations', operator: 'oncall' }, withTime(900_000))).toMatchObject({ ok: true, result: { complete: true } });
  });

  it('ends every session with all: true; a session begun afterwards works, and the cut-off never moves back', async () => {
    const [first, second] = [await signedInUser(), await signedInUser()];
    const captured = captureSecurityEvents();

    const answer = await invokeAdmin({ action: 'end-sessions', all: true, ...note });
    captured.stop();
    const later = await signedInUser();
    const earlier = await moveSessionsCutOff(new Date(Date.now() - 3_600_000), { operator: 'late', reason: 'a slow clock' });

    expect(answer).toEqual({ ok: true, result: { all_sessions: true, ended_signed_in_until: expect.any(String) } });
    expect([(await currentUser(first.token)).status, (await currentUser(second.token)).status]).toEqual([401, 401]);
    expect((await call('POST', '/api/realtime/ticket', { token: later.token })).status).toBe(200);
    expect(earlier).toBe((answer as { result: { ended_signed_in_until: string } }).result.ended_signed_in_until);
    expect(captured.events).toEqual([expect.objectContaining({ kind: 'sessions.ended_by_operator', code: 'all_sessions' })]);
  });
});
