import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { listedAttribute } from '../../shared/data/events/listed-copies.ts';
import { listAllGuests, listGuestsByName } from '../../shared/data/guests/reads.ts';
import { childKeys, eventKeys, guestIndexKeys, type Key, migrationKeys, noticeKeys } from '../../shared/data/keys.ts';
import { guestIndexMigration } from '../../shared/data/migrations/0001-guest-index.ts';
import { claimLease, readCheckpoint, recordPage } from '../../shared/data/migrations/checkpoint.ts';
import { migrations } from '../../shared/data/migrations/index.ts';
import type { Migration } from '../../shared/data/migrations/migration.ts';
import { type MigrationRun, migrationStatus, runMigrations } from '../../shared/data/migrations/runner.ts';
import { nameKey } from '../../shared/domain/guests/name-key.ts';
import { recordCalls } from '../support/dynamo-calls.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, guestsApi, people, rsvpPage } from './guests-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Issue 19: the data migrations (shared/data/migrations, docs/migrations.md) take a table written in the
 * format before issue 15 (guests without their list index keys and with a search text, memberships
 * without their event's listed copy, vendors and documents without their filter partitions, and no
 * checkpoints) to the new one while the API writes and reads it, and reads stay right throughout.
 */
type Item = Record<string, unknown>;

let ada: SignedInUser;
let helper: SignedInUser;

beforeAll(async () => {
  [ada, helper] = await Promise.all([signedInUser(), signedInUser()]);
});

const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const upload = { content_type: 'application/pdf', size: 1000, file_name: 'file.pdf' };
const ids = (items: { id: string }[]) => items.map((item) => item.id);

/** The table as it was before the release that brought the migrations: no checkpoint at all. */
async function forgetCheckpoints(list: readonly Migration[] = migrations): Promise<void> {
  for (const migration of list) await db().send(new DeleteCommand({ TableName: tableName(), Key: migrationKeys.checkpoint(migration.id) }));
}

/** One item rewritten as the code before issue 15 wrote it. */
async function toOldFormat(key: Key, kind: 'guest' | 'member' | 'child' | 'announcement'): Promise<void> {
  const update = {
    announcement: { UpdateExpression: 'REMOVE gsi3pk, gsi3sk' },
    guest: { UpdateExpression: 'SET search_text = :text REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk', ExpressionAttributeValues: { ':text': 'old search text' } },
    member: { UpdateExpression: 'REMOVE #listed', ExpressionAttributeNames: { '#listed': listedAttribute } },
    child: { UpdateExpression: 'REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk' },
  }[kind];
  await db().send(new UpdateCommand({ TableName: tableName(), Key: key, ...update }));
}

/** Every item of the table (a test may Scan), by key, without the checkpoints when asked. */
async function snapshot(withCheckpoints = true): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let startKey: Item | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) if (withCheckpoints || item.type !== 'migration') items.set(`${String(item.pk)}|${String(item.sk)}`, item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Items still in the old format, per kind. */
async function oldFormatLeft(): Promise<{ guests: number; members: number; children: number; announcements: number }> {
  const items = [...(await snapshot()).values()];
  return {
    guests: items.filter((item) => item.type === 'guest' && (!item.gsi3pk || 'search_text' in item)).length,
    members: items.filter((item) => item.type === 'member' && !(listedAttribute in item)).length,
    children: items.filter((item) => (item.type === 'vendor' || item.type === 'document') && !item.gsi3pk).length,
    announcements: items.filter((item) => item.type === 'notice' && item.kind === 'announcement' && !item.gsi3pk).length,
  };
}

/** An event with guests (some answered), a second member, vendors and documents, all then put in the old format. */
async function seedOldFormat(round: number) {
  const event = await createEvent(ada, { ...weddingInput, name: `Migration round ${round}` });
  const eventId = event.id as string;
  const guests = await addGuests(ada, eventId, people(14, `round${round}guest`));
  for (const guest of guests.slice(0, 3)) expect((await rsvpPage('POST', codeOf(guest), form({ status: 'yes', plus_one_count: '0' }))).status).toBeLessThan(400);
  await addMember(eventId, helper.userId, 'viewer');
  const vendorIds: string[] = [];
  for (const [index, status] of ['booked', 'quoted', 'booked', 'contacted'].entries()) {
    vendorIds.push((await expectStatus(201, ada, 'POST', `/api/events/${eventId}/vendors`, { body: { name: `Vendor ${index}`, service_type: index % 2 ? 'Caterer' : 'Florist', status } })).data.id);
  }
  const documentIds: string[] = [];
  for (const category of ['menu', 'contract', 'menu']) {
    documentIds.push((await expectStatus(201, ada, 'POST', `/api/events/${eventId}/documents`, { body: { name: `A ${category}`, category, vendor_id: vendorIds[0], ...upload } })).data.id);
  }
  const announcementId = (await expectStatus(202, ada, 'POST', `/api/events/${eventId}/announcements`, { body: { subject: `Round ${round}`, message: 'Hello', segment: 'attending' } })).data.id as string;
  for (const guest of guests) await toOldFormat(childKeys.item('guest', eventId, guest.id), 'guest');
  await toOldFormat(noticeKeys.item(announcementId), 'announcement');
  await toOldFormat(eventKeys.member(eventId, helper.userId), 'member');
  for (const id of vendorIds) await toOldFormat(childKeys.item('vendor', eventId, id), 'child');
  for (const id of documentIds) await toOldFormat(childKeys.item('document', eventId, id), 'child');
  await forgetCheckpoints();
  return { eventId, guests, vendorIds, documentIds, announcementId };
}

/** Every page of a list route, followed by its cursors. */
async function allPages(fetch: (cursor?: string) => Promise<{ status: number; body: { data: { id: string }[]; meta: { next_cursor: string | null } } }>) {
  const found: { id: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    found.push(...page.body.data);
    cursor = page.body.meta.next_cursor ?? undefined;
  } while (cursor);
  return found;
}

const guestsByName = (eventId: string, query: Record<string, string> = {}) =>
  allPages((cursor) => guestsApi(ada, 'GET', `/api/events/${eventId}/guests`, { query: { sort: 'name', limit: '4', ...query, ...(cursor ? { cursor } : {}) } }));
const vendorsBy = (eventId: string, query: Record<string, string>) =>
  allPages((cursor) => call(ada, 'GET', `/api/events/${eventId}/vendors`, { query: { limit: '2', ...query, ...(cursor ? { cursor } : {}) } }));
const documentsBy = (eventId: string, query: Record<string, string>) =>
  allPages((cursor) => call(ada, 'GET', `/api/events/${eventId}/documents`, { query: { limit: '2', ...query, ...(cursor ? { cursor } : {}) } }));
const helperEvents = async () => ids((await call(helper, 'GET', '/api/events', { query: { limit: '100' } })).body.data);

/**
 * The reads the window rule keeps right: every seeded guest, vendor, document and membership is found by
 * the lists that filter on the new keys, but for guests renamed meanwhile (a rename moves a guest across
 * the pages of a by-name walk, with or without a migration).
 */
async function expectEveryoneListed(world: Awaited<ReturnType<typeof seedOldFormat>>, renamed: { id: string }[] = []): Promise<void> {
  const [byName, florists, menus, events, announcements] = await Promise.all([
    guestsByName(world.eventId),
    vendorsBy(world.eventId, { service_type: 'florist' }),
    documentsBy(world.eventId, { category: 'menu' }),
    helperEvents(),
    allPages((cursor) => call(ada, 'GET', `/api/events/${world.eventId}/announcements`, { query: { limit: '1', ...(cursor ? { cursor } : {}) } })),
  ]);
  expect(ids(announcements)).toContain(world.announcementId);
  expect(ids(byName)).toEqual(expect.arrayContaining(ids(world.guests).filter((id) => !ids(renamed).includes(id))));
  expect(ids(florists)).toEqual(expect.arrayContaining([world.vendorIds[0], world.vendorIds[2]]));
  expect(ids(menus)).toEqual(expect.arrayContaining([world.documentIds[0], world.documentIds[2]]));
  expect(events).toContain(world.eventId);
}

/** Writes and reads of the API while the migrations run: new guests, renames, answers, vendors moved and added. */
async function traffic(world: Awaited<ReturnType<typeof seedOldFormat>>, round: number, readInWindow: boolean): Promise<void> {
  const [renamed, answered] = [world.guests.slice(3, 6), world.guests.slice(6, 9)];
  await Promise.all([
    addGuests(ada, world.eventId, people(5, `round${round}late`)),
    ...renamed.map((guest, index) => guestsApi(ada, 'PUT', `/api/guests/${guest.id}`, { body: { name: `Aaron round${round} ${index}` } }).then((response) => expect(response.status).toBe(200))),
    ...answered.map((guest) => rsvpPage('POST', codeOf(guest), form({ status: 'no' })).then((response) => expect(response.status).toBeLessThan(400))),
    expectStatus(200, ada, 'PUT', `/api/vendors/${world.vendorIds[1]}`, { body: { status: 'booked' } }),
    expectStatus(201, ada, 'POST', `/api/events/${world.eventId}/vendors`, { body: { name: 'Late', service_type: 'Florist', status: 'booked' } }),
    ...(readInWindow ? [expectEveryoneListed(world, renamed), expectEveryoneListed(world, renamed)] : []),
  ]);
}

/** The reads after the migrations, against what the collections hold (strong Queries), and the counters against a recount. */
async function expectReadsRight(eventId: string): Promise<void> {
  const everyone = await listAllGuests(eventId);
  const nameOrder = [...everyone].sort((a, b) => (guestIndexKeys.sort(nameKey(a.name), a.id) < guestIndexKeys.sort(nameKey(b.name), b.id) ? -1 : 1));
  const [byName, declined, aarons, booked] = await Promise.all([
    guestsByName(eventId),
    guestsByName(eventId, { rsvp_status: 'no' }),
    guestsByName(eventId, { q: 'aaron' }),
    vendorsBy(eventId, { status: 'booked' }),
  ]);
  const { stored, recounted } = await countersAndRecount(eventId);
  const vendors = (await call(ada, 'GET', `/api/events/${eventId}/vendors`, { query: { limit: '100' } })).body.data as { id: string; status: string }[];

  expect(ids(byName)).toEqual(ids(nameOrder));
  expect(ids(declined).sort()).toEqual(ids(everyone.filter((guest) => guest.rsvp_status === 'no')).sort());
  expect(aarons).toHaveLength(3);
  expect(ids(booked)).toEqual(ids(vendors.filter((vendor) => vendor.status === 'booked')));
  expect(stored).toEqual(recounted);
  expect(await helperEvents()).toContain(eventId);
}

const rewrote = (runs: MigrationRun[]) => runs.reduce((sum, run) => sum + run.rewritten, 0);

describe('the data migrations, from a table in the old format under concurrent traffic', () => {
  for (const round of [1, 2]) {
    it(`round ${round}: migrates everything while requests write and read, the reads stay right, and running again changes nothing`, { timeout: 120_000 }, async () => {
      const world = await seedOldFormat(round);
      const left = await oldFormatLeft();
      // The gate remembers a migration done for the life of the process (a container): in round 2 the
      // reads already take the new keys' path, so the window's reads are checked in round 1.
      if (round === 1) await expectEveryoneListed(world);
      const byNamePage = () => listGuestsByName(world.eventId, {}, { limit: 4, order: 'asc' });
      const windowCost = round === 1 ? await recordCalls(byNamePage) : null;

      // Pages of 20 items: the table holds about 140 items in round 1 and 265 in round 2, so every migration
      // still runs over several pages (7 and more; more than one is asserted) while the traffic writes and reads.
      const [report] = await Promise.all([runMigrations({ owner: `test-round-${round}`, pageSize: 20 }), traffic(world, round, round === 1)]);
      const afterFirst = await snapshot();
      const again = await runMigrations({ owner: `test-again-${round}` });
      const afterAgain = await snapshot();
      const restarted = await runMigrations({ owner: `test-restart-${round}`, restart: true });
      const afterRestart = await snapshot(false);

      expect(left).toEqual({ guests: 14, members: 1, children: 7, announcements: 1 });
      expect(report.complete).toBe(true);
      expect(report.migrations.map((run) => run.outcome)).toEqual(migrations.map(() => 'done'));
      expect(report.migrations.every((run) => run.pages > 1)).toBe(true);
      expect(rewrote(report.migrations)).toBeGreaterThanOrEqual(1);
      expect(await oldFormatLeft()).toEqual({ guests: 0, members: 0, children: 0, announcements: 0 });
      await expectReadsRight(world.eventId);
      expect(again.migrations.map((run) => run.outcome)).toEqual(migrations.map(() => 'already_done'));
      expect(afterAgain).toEqual(afterFirst);
      expect(restarted.complete).toBe(true);
      expect(rewrote(restarted.migrations)).toBe(0);
      expect(afterRestart).toEqual(new Map([...afterFirst].filter(([, item]) => item.type !== 'migration')));
      expect((await migrationStatus()).map((progress) => progress.status)).toEqual(migrations.map(() => 'done'));
      if (windowCost) {
        // The window's price for a gated read: one GetItem of the checkpoint and the collection instead of
        // the index; once done, the index alone (the function remembers it is done).
        const doneCost = await recordCalls(byNamePage);
        expect(windowCost.calls.map((one) => [one.command, one.keys[0]])).toEqual([
          ['GetItem', `${migrationKeys.checkpoint(guestIndexMigration.id).pk}|STATE`], ['Query', expect.stringContaining(eventKeys.partition(world.eventId))],
        ]);
        expect(doneCost.calls.map((one) => [one.command, one.keys[0]])).toEqual([['Query', expect.stringContaining(guestIndexKeys.byNamePartition(world.eventId))]]);
      }
    });
  }
});

describe('a migration stopped or killed part way', () => {
  async function legacyGuests() {
    const event = await createEvent(ada);
    const guests = await addGuests(ada, event.id, people(9, 'resumed'));
    const target = await snapshot(false);
    for (const guest of guests) await toOldFormat(childKeys.item('guest', event.id, guest.id), 'guest');
    await forgetCheckpoints([guestIndexMigration]);
    return target;
  }

  it('goes on from its checkpoint after a stop between pages, to the same table as a run in one go', { timeout: 60_000 }, async () => {
    const target = await legacyGuests();
    let pagesStarted = 0;

    const stopped = await runMigrations({ owner: 'first', pageSize: 5, migrations: [guestIndexMigration], shouldStop: () => (pagesStarted += 1) > 1 });
    const midway = await readCheckpoint(guestIndexMigration.id);
    const resumed = await runMigrations({ owner: 'second', pageSize: 5, migrations: [guestIndexMigration] });
    const done = await readCheckpoint(guestIndexMigration.id);
    const tableSize = (await snapshot()).size;

    expect(stopped.migrations[0]).toMatchObject({ outcome: 'stopped', pages: 1 });
    expect(midway).toMatchObject({ status: 'running', pages: 1, scanned: 5 });
    expect(midway?.cursor).toBeDefined();
    expect(midway?.lease_owner).toBeUndefined();
    expect(resumed.migrations[0]?.outcome).toBe('done');
    expect(done).toMatchObject({ status: 'done', pages: 1 + (resumed.migrations[0]?.pages ?? 0), rewritten: 9 });
    // Every item read exactly once across the two runs: no page skipped, none read twice.
    expect(done?.scanned).toBe(tableSize);
    expect(await snapshot(false)).toEqual(target);
  });

  it('is taken over once the lease of a runner killed in a page has expired, not before', { timeout: 60_000 }, async () => {
    const target = await legacyGuests();
    let migrated = 0;
    const dying: Migration = {
      ...guestIndexMigration,
      migrate: async (item) => {
        migrated += 1;
        if (migrated === 4) throw new Error('killed in the middle of a page');
        return guestIndexMigration.migrate(item);
      },
    };

    const killed = await runMigrations({ owner: 'killed', pageSize: 5, migrations: [dying] }).catch((error: Error) => error.message);
    const held = await runMigrations({ owner: 'early', pageSize: 5, migrations: [guestIndexMigration] });
    const later = Date.now() + 5 * 60_000 + 1;
    const takenOver = await runMigrations({ owner: 'late', pageSize: 5, migrations: [guestIndexMigration], now: () => later });

    expect(killed).toBe('killed in the middle of a page');
    expect(held.migrations[0]?.outcome).toBe('held_elsewhere');
    expect(takenOver.migrations[0]?.outcome).toBe('done');
    expect(await readCheckpoint(guestIndexMigration.id)).toMatchObject({ status: 'done' });
    expect(await snapshot(false)).toEqual(target);
  });
});

describe('the lease on a checkpoint', () => {
  const id = 'test-lease';
  const minute = 60_000;

  it('goes to one runner at a time, to another once expired, records each page once, and a done migration is claimed only by a restart', async () => {
    const now = Date.now();
    const first = await claimLease(id, { owner: 'a', now, leaseMs: minute });
    const refused = await claimLease(id, { owner: 'b', now: now + 1000, leaseMs: minute });
    const renewedByHolder = await claimLease(id, { owner: 'a', now: now + 2000, leaseMs: minute });
    const takenOver = await claimLease(id, { owner: 'b', now: now + 2 * minute + 3000, leaseMs: minute });
    const staleRecord = await recordPage(id, { owner: 'a', pagesBefore: 0, now: now + 2 * minute + 4000, leaseMs: minute }, { scanned: 5, rewritten: 1, changed_meanwhile: 0, next: { pk: 'x', sk: 'y' } });
    const recorded = await recordPage(id, { owner: 'b', pagesBefore: 0, now: now + 2 * minute + 4000, leaseMs: minute }, { scanned: 5, rewritten: 1, changed_meanwhile: 0, next: { pk: 'x', sk: 'y' } });
    const twice = await recordPage(id, { owner: 'b', pagesBefore: 0, now: now + 2 * minute + 5000, leaseMs: minute }, { scanned: 5, rewritten: 1, changed_meanwhile: 0, next: { pk: 'x', sk: 'z' } });
    const last = await recordPage(id, { owner: 'b', pagesBefore: 1, now: now + 2 * minute + 6000, leaseMs: minute }, { scanned: 2, rewritten: 0, changed_meanwhile: 1 });
    const afterDone = await claimLease(id, { owner: 'c', now: now + 10 * minute, leaseMs: minute });
    const done = await readCheckpoint(id);
    const restarted = await claimLease(id, { owner: 'c', now: now + 10 * minute, leaseMs: minute, restart: true });

    expect(first).toMatchObject({ status: 'running', lease_owner: 'a', pages: 0, lease_expires_at: now + minute });
    expect(refused).toBeNull();
    expect(renewedByHolder?.lease_expires_at).toBe(now + 2000 + minute);
    expect(takenOver).toMatchObject({ lease_owner: 'b', pages: 0 });
    expect([staleRecord, recorded, twice, last]).toEqual([false, true, false, true]);
    expect(afterDone).toBeNull();
    expect(done).toMatchObject({ status: 'done', pages: 2, scanned: 7, rewritten: 1, changed_meanwhile: 1 });
    expect(done).not.toHaveProperty('lease_owner');
    expect(done).not.toHaveProperty('cursor');
    expect(restarted).toMatchObject({ status: 'running', lease_owner: 'c', pages: 0, scanned: 0 });
    expect(restarted).not.toHaveProperty('finished_at');
  });
});

describe('npm run migrate', () => {
  const migrate = (...args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args], { env: process.env });

  it('runs what is not done and answers its report, shows each checkpoint with `status`, and refuses anything else with its usage', { timeout: 60_000 }, async () => {
    const event = await createEvent(ada);
    const [guest] = await addGuests(ada, event.id, [{ name: 'Command Line' }]);
    await toOldFormat(childKeys.item('guest', event.id, guest.id), 'guest');
    await forgetCheckpoints([guestIndexMigration]);

    const run = JSON.parse((await migrate()).stdout) as { complete: boolean; migrations: MigrationRun[] };
    const status = JSON.parse((await migrate('status')).stdout) as { migration_id: string; status: string; has_cursor: boolean }[];
    const again = JSON.parse((await migrate('--restart')).stdout) as { complete: boolean; migrations: MigrationRun[] };
    const wrong = await migrate('sideways').catch((error: { code: number; stderr: string }) => error);

    expect(run.complete).toBe(true);
    expect(run.migrations.map((one) => [one.id, one.outcome, one.rewritten])).toEqual(migrations.map(({ id }) => [id, id === '0001-guest-index' ? 'done' : 'already_done', id === '0001-guest-index' ? 1 : 0]));
    expect(status.map((one) => [one.migration_id, one.status, one.has_cursor])).toEqual(migrations.map(({ id }) => [id, 'done', false]));
    expect(rewrote(again.migrations)).toBe(0);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run migrate') });
  });
});
