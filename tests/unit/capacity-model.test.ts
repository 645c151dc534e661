import { describe, expect, it } from 'vitest';
import { functionLoads, type Limits, mixCost, mixTouches, type ModelInput, partitionContributors, partitionLoads, type RouteCost, runModel } from '../../bench/model/capacity.ts';
import { familyScope, indexFamilyOfItem, keyFamily } from '../../bench/model/families.ts';
import { prices } from '../../bench/model/prices.ts';
import { routeNames } from '../../bench/model/profile.ts';
import { goalsMissed, parseShards } from '../../bench/model/report.ts';
import { callTouches } from '../../bench/model/touches.ts';
import { INVITEE_SHARDS } from '../../shared/data/keys.ts';

/** The capacity model's arithmetic: key families, capacity attribution per call, partition loads, bottlenecks, costs. */
const limits: Limits = { partitionWcuPerSecond: 1000, partitionRcuPerSecond: 3000, lambdaConcurrency: 1000, sesSendsPerSecond: 200, apiRequestsPerSecond: 10_000 };
const population: ModelInput['population'] = { event: 1000, user: 10_000, guest: 100_000, address: 100_000, session: 10_000, item: Number.POSITIVE_INFINITY };

const cost = (route: string, touches: RouteCost['touches'], extra: Partial<RouteCost> = {}): RouteCost => ({
  route, fn: 'fn', source: 'declared', calls: 1, durationMs: 100, memoryMb: 1024, touches, emails: 0, busEvents: 0, viaApi: true, ...extra,
});

describe('keyFamily and familyScope', () => {
  it('names a key by its stable prefix, and says how its keys spread', () => {
    expect(keyFamily('EVENT#01J0ABC')).toBe('EVENT#');
    expect(keyFamily('OUTBOX#PENDING')).toBe('OUTBOX#PENDING');
    expect(keyFamily('OUTBOX#PENDING#07')).toBe('OUTBOX#PENDING');
    expect(keyFamily('DUE#2026-12-07')).toBe('DUE#');
    expect(keyFamily('RATE#rsvp-ip#10.0.0.1')).toBe('RATE#rsvp-ip#');
    expect(keyFamily('ACCOUNTDELETION')).toBe('ACCOUNTDELETION');
    expect([familyScope('OUTBOX#PENDING'), familyScope('DUE#'), familyScope('EVENT#'), familyScope('RATE#login-ip#'), familyScope('NOTICE#')])
      .toEqual(['global', 'day', 'event', 'address', 'item']);
  });

  it('knows the GSI family of an item from its own keys', () => {
    expect(indexFamilyOfItem('EVENT#e1', 'AUDIT#01J', 'gsi2')).toBe('OUTBOX#PENDING');
    expect(indexFamilyOfItem('EVENT#e1', 'GUEST#g1', 'gsi1')).toBe('GUESTEMAIL#');
    expect(indexFamilyOfItem('EVENT#e1', 'EVENT', 'gsi2')).toBeUndefined();
    expect(indexFamilyOfItem('NOTICE#n1', 'SENT#guest#g1', 'gsi2')).toBeUndefined();
  });
});

describe('callTouches', () => {
  it('shares a transaction\'s table capacity among its items and names the GSI partitions its puts file under', () => {
    const touches = callTouches('TransactWriteCommand', {
      TransactItems: [
        { Update: { Key: { pk: 'EVENT#e1', sk: 'EVENT' }, UpdateExpression: 'SET yes = yes + :one' } },
        { Put: { Item: { pk: 'EVENT#e1', sk: 'AUDIT#a1', gsi2pk: 'OUTBOX#PENDING', gsi2sk: 'x' } } },
        { Put: { Item: { pk: 'NOTICE#n1', sk: 'NOTICE', gsi1pk: 'NOTICES#e1', gsi2pk: 'OUTBOX#PENDING' } } },
      ],
    }, { CapacityUnits: 12, Table: { CapacityUnits: 6 }, GlobalSecondaryIndexes: { gsi1: { CapacityUnits: 2 }, gsi2: { CapacityUnits: 4 } } });

    expect(touches).toEqual([
      { family: 'EVENT#', index: 'table', op: 'write', units: 2 },
      { family: 'EVENT#', index: 'table', op: 'write', units: 2 },
      { family: 'NOTICE#', index: 'table', op: 'write', units: 2 },
      { family: 'NOTICES#', index: 'gsi1', op: 'write', units: 2 },
      { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 2 },
      { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 2 },
    ]);
  });

  it('reads a Query\'s partition from its key condition, on its index', () => {
    expect(callTouches('QueryCommand', { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :day AND gsi2sk <= :now', ExpressionAttributeValues: { ':day': 'DUE#2026-12-07', ':now': 'z' } },
      { CapacityUnits: 1.5, GlobalSecondaryIndexes: { gsi2: { CapacityUnits: 1.5 } } }))
      .toEqual([{ family: 'DUE#', index: 'gsi2', op: 'read', units: 1.5 }]);
  });

  it('puts the index capacity of an update that removes the GSI key on the family the item is filed under', () => {
    expect(callTouches('UpdateCommand', { Key: { pk: 'EVENT#e1', sk: 'AUDIT#a1' }, UpdateExpression: 'REMOVE gsi2pk, gsi2sk' },
      { CapacityUnits: 2, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { gsi2: { CapacityUnits: 1 } } }))
      .toEqual([{ family: 'EVENT#', index: 'table', op: 'write', units: 1 }, { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 1 }]);
  });
});

describe('partitionLoads', () => {
  const rsvp = cost('rsvp', [
    { family: 'EVENT#', index: 'table', op: 'write', units: 4 },
    { family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 2 },
    { family: 'INVCODE#', index: 'table', op: 'read', units: 1 },
  ]);

  it('puts a stream naming one key on that partition, and spreads the others over their population', () => {
    const loads = partitionLoads({
      workloads: [
        { name: 'big', route: 'rsvp', perSecond: 100, keys: { event: 'gala' } },
        { name: 'rest', route: 'rsvp', perSecond: 1000 },
      ],
      costs: [rsvp], population, limits,
    });
    const find = (family: string, key: string) => loads.find((load) => load.family === family && load.key === key);

    expect(find('EVENT#', 'gala')).toMatchObject({ wcuPerSecond: 400, utilization: 0.4 });
    expect(find('EVENT#', 'average key')).toMatchObject({ wcuPerSecond: 4 });
    expect(find('INVCODE#', 'average key')).toMatchObject({ rcuPerSecond: 0.011 });
    // Everyone's outbox writes meet on the one global key: a hot key.
    expect(find('OUTBOX#PENDING', 'the key')).toMatchObject({ wcuPerSecond: 2200, utilization: 2.2 });
  });

  it('names the streams that load one partition, biggest first', () => {
    const input: ModelInput = {
      workloads: [
        { name: 'a few', route: 'rsvp', perSecond: 10, keys: { event: 'gala' } },
        { name: 'many', route: 'rsvp', perSecond: 100, keys: { event: 'gala' } },
        { name: 'elsewhere', route: 'rsvp', perSecond: 1000 },
      ],
      costs: [rsvp], population, limits,
    };

    expect(partitionContributors(input, { index: 'table', family: 'EVENT#', key: 'gala' })).toEqual([
      { workload: 'many', wcuPerSecond: 400, rcuPerSecond: 0 },
      { workload: 'a few', wcuPerSecond: 40, rcuPerSecond: 0 },
    ]);
  });

  it('divides a global key\'s load by its shard count, and leaves other families alone', () => {
    const loads = partitionLoads({ workloads: [{ name: 'rest', route: 'rsvp', perSecond: 1000 }], costs: [rsvp], population, limits, shards: { 'OUTBOX#PENDING': 8, 'EVENT#': 8 } });

    expect(loads.find((load) => load.family === 'OUTBOX#PENDING')).toMatchObject({ wcuPerSecond: 250 });
    expect(loads.find((load) => load.family === 'EVENT#')).toMatchObject({ wcuPerSecond: 4 });
  });

  it('splits a batch\'s invitation rows over the code\'s shards of the one event they belong to (INVITEES#, issue 15)', () => {
    const queue = cost('queue', [{ family: 'INVITEES#', index: 'table', op: 'write', units: 1 }, { family: 'EVENT#', index: 'table', op: 'write', units: 0.01 }]);
    const loads = partitionLoads({ workloads: [{ name: 'big', route: 'queue', perSecond: 1000, keys: { event: 'gala' } }], costs: [queue], population, limits });

    expect(familyScope('INVITEES#')).toBe('event');
    expect(loads.find((load) => load.family === 'INVITEES#')).toMatchObject({ key: `gala, one of ${INVITEE_SHARDS} shards`, wcuPerSecond: 1000 / INVITEE_SHARDS });
    expect(loads.find((load) => load.family === 'EVENT#')).toMatchObject({ key: 'gala', wcuPerSecond: 10 });
  });
});

describe('runModel', () => {
  const input: ModelInput = {
    workloads: [{ name: 'rest', route: 'rsvp', perSecond: 250 }],
    costs: [cost('rsvp', [{ family: 'OUTBOX#PENDING', index: 'gsi2', op: 'write', units: 2 }], { emails: 0.1, durationMs: 200 })],
    population,
    limits,
  };

  it('names the hot key as the first bottleneck and the multiple of the profile that reaches it', () => {
    const result = runModel(input);

    expect(result.bottlenecks[0]).toEqual({
      what: 'gsi2 OUTBOX#PENDING (the key) writes, WCU/s', load: 500, limit: 1000, multiple: 2, hard: true,
      partition: { index: 'gsi2', family: 'OUTBOX#PENDING', key: 'the key' },
    });
    expect(result.sesSendsPerSecond).toBe(25);
    expect(result.apiRequestsPerSecond).toBe(250);
  });

  it('moves the bottleneck once the key is sharded', () => {
    const result = runModel({ ...input, shards: { 'OUTBOX#PENDING': 16 } });

    expect(result.bottlenecks[0]).toMatchObject({ what: 'SES sending rate, emails/s', multiple: 8, hard: false });
    expect(result.bottlenecks.find((bottleneck) => bottleneck.hard)).toMatchObject({ what: 'gsi2 OUTBOX#PENDING (the key) writes, WCU/s', load: 31.25, multiple: 32 });
  });
});

describe('functionLoads, mixTouches and mixCost', () => {
  const costs = [
    cost('page', [{ family: 'EVENT#', index: 'table', op: 'read', units: 2 }], { fn: 'rsvp', durationMs: 50, memoryMb: 512 }),
    cost('answer', [{ family: 'EVENT#', index: 'table', op: 'write', units: 4 }], { fn: 'rsvp', durationMs: 100, memoryMb: 512, busEvents: 1 }),
    cost('mail', [], { fn: 'outbox', viaApi: false, emails: 1, durationMs: 0, memoryMb: 1024 }),
  ];

  it('adds concurrency per function: requests per second times seconds per request', () => {
    expect(functionLoads([{ name: 'a', route: 'page', perSecond: 100 }, { name: 'b', route: 'answer', perSecond: 100 }], costs))
      .toEqual([{ fn: 'rsvp', requestsPerSecond: 200, concurrency: 15 }]);
  });

  it('sums a mix\'s capacity per family', () => {
    expect(mixTouches([{ route: 'page', count: 3 }, { route: 'answer', count: 2 }], costs)).toEqual([
      { family: 'EVENT#', index: 'table', op: 'read', units: 6 },
      { family: 'EVENT#', index: 'table', op: 'write', units: 8 },
    ]);
  });

  it('prices a million requests by service', () => {
    const bill = mixCost([{ route: 'answer', count: 1e6 }, { route: 'mail', count: 1e6 }], costs, prices);

    // 4 WRU x $0.625, 2M invocations x $0.20 + 0.1 s x 0.5 GB x $0.0000133334 x 1M, 1M API calls, 1M emails, 1M bus events.
    expect(bill).toEqual({ total: 105.5667, dynamoDb: 2.5, lambda: 1.0667, apiGateway: 1, ses: 100, eventBridge: 1 });
  });

  it('charges a request that invokes several functions once per invocation', () => {
    const fanOut = [cost('consumers', [], { durationMs: 0, viaApi: false, invocations: 2 })];

    // 2 invocations x 1M x $0.20 per million; no duration, no API call.
    expect(mixCost([{ route: 'consumers', count: 1e6 }], fanOut, prices)).toEqual({ total: 0.4, dynamoDb: 0, lambda: 0.4, apiGateway: 0, ses: 0, eventBridge: 0 });
  });
});

describe('goalsMissed', () => {
  const free = Object.values(routeNames).map((route) => cost(route, [], { durationMs: 0, viaApi: false }));

  it('passes a model that serves the profile under $5 per million RSVPs', () => {
    expect(goalsMissed(free, {})).toEqual([]);
  });

  it('names the limit the profile is past and the cost over $5', () => {
    // The big event's 10 answers a second at 200 WCU each: 2,000 WCU/s on its one partition. Per million RSVPs:
    // 200 WRU x $0.625, and the five invocations of an RSVP's steps at $0.20 per million.
    const heavy = free.map((free) => (free.route === routeNames.rsvpAnswer ? cost(free.route, [{ family: 'EVENT#', index: 'table', op: 'write', units: 200 }], { durationMs: 0, viaApi: false }) : free));

    const missed = goalsMissed(heavy, {});

    expect(missed).toHaveLength(2);
    expect(missed[0]).toMatch(/past a limit \(table EVENT# \(the big event\) writes.* at 0\.5x\)/);
    expect(missed[1]).toBe('$126.00 per million RSVPs (goal <= $5)');
  });
});

describe('parseShards', () => {
  it('reads FAMILY=COUNT pairs and refuses anything else', () => {
    expect(parseShards('OUTBOX#PENDING=16,DUE#=8')).toEqual({ 'OUTBOX#PENDING': 16, 'DUE#': 8 });
    expect(parseShards(undefined)).toEqual({});
    expect(() => parseShards('DUE#=0')).toThrow(/FAMILY=COUNT/);
  });
});
