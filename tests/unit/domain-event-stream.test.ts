import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { markDomainEventsPublished } from '../../shared/data/outbox.ts';
import { outboxKeys } from '../../shared/data/keys.ts';
import { putDomainEvents } from '../../shared/events/bus.ts';
import { pendingDomainEvents, publishCommitted } from '../../shared/events/publish.ts';
import { isPendingAuditRecord, pendingAuditFilter, publishStreamBatch } from '../../shared/events/stream-records.ts';

// The bus and the outbox write are scripted: what is under test is what the publisher does with their answers.
vi.mock('../../shared/events/bus.ts', () => ({ putDomainEvents: vi.fn() }));
vi.mock('../../shared/data/outbox.ts', () => ({ markDomainEventsPublished: vi.fn() }));
const put = vi.mocked(putDomainEvents);
const mark = vi.mocked(markDomainEventsPublished);

const event = (id: string): DomainEvent => ({
  id, type: 'event.changed', event_id: 'e1', actor_id: 'u1', occurred_at: '2026-11-24T09:30:00.000Z', entity_type: 'event', entity_id: 'e1', detail: {},
});
const entry = (sk: string, ...ids: string[]) => ({ key: { pk: 'EVENT#e1', sk }, events: ids.map(event) });
const auditItem = (sk: string, ...ids: string[]) => ({ pk: 'EVENT#e1', sk, type: 'audit', domain_events: ids.map(event), gsi2pk: outboxKeys.partition(sk), gsi2sk: `2026-11-24T09:30:30.000Z#DOMAINEVENT#${sk}` });
const insert = (item: Record<string, unknown>, sequence: string) => ({ eventName: 'INSERT', dynamodb: { NewImage: marshall(item), SequenceNumber: sequence } });

beforeEach(() => {
  put.mockReset();
  mark.mockReset();
});

describe('publishCommitted', () => {
  it('takes out of the outbox only the entries whose every event the bus accepted, and answers the rest', async () => {
    put.mockResolvedValue(new Set(['a.1', 'b.1']));

    const left = await publishCommitted([entry('AUDIT#a', 'a.1'), entry('AUDIT#b', 'b.1', 'b.2')]);

    expect(mark.mock.calls).toEqual([[{ pk: 'EVENT#e1', sk: 'AUDIT#a' }]]);
    expect(left).toEqual([entry('AUDIT#b', 'b.1', 'b.2')]);
  });

  it('throws when the bus fails altogether, and marks nothing', async () => {
    put.mockRejectedValue(new Error('InternalFailure'));

    await expect(publishCommitted([entry('AUDIT#a', 'a.1')])).rejects.toThrow('InternalFailure');
    expect(mark).not.toHaveBeenCalled();
  });

  it('calls nothing for no entries', async () => {
    expect(await publishCommitted([])).toEqual([]);
    expect(put).not.toHaveBeenCalled();
  });
});

describe('publishStreamBatch (the stream consumer, functions/domain-event-stream)', () => {
  it('publishes a batch of records in one go and reports the records the bus refused as batch item failures', async () => {
    put.mockResolvedValue(new Set(['a.1', 'c.1']));

    const answer = await publishStreamBatch([insert(auditItem('AUDIT#a', 'a.1'), '100'), insert(auditItem('AUDIT#b', 'b.1'), '200'), insert(auditItem('AUDIT#c', 'c.1'), '300')]);

    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[0].events.map((published) => published.id)).toEqual(['a.1', 'b.1', 'c.1']);
    expect(answer).toEqual({ entries: 3, batchItemFailures: [{ itemIdentifier: '200' }] });
  });

  it('skips what the filter should have kept away: other items, updates, entries already published', async () => {
    const { gsi2pk: _published, ...publishedItem } = auditItem('AUDIT#d', 'd.1');
    const records = [
      insert({ pk: 'EVENT#e1', sk: 'GUEST#g', type: 'guest', name: 'Ann' }, '1'),
      { ...insert(auditItem('AUDIT#e', 'e.1'), '2'), eventName: 'MODIFY' },
      insert(publishedItem, '3'),
    ];
    put.mockResolvedValue(new Set());

    expect(records.map(isPendingAuditRecord)).toEqual([false, false, false]);
    expect(await publishStreamBatch(records)).toEqual({ entries: 0, batchItemFailures: [] });
    expect(put).not.toHaveBeenCalled();
  });

  it("has a Lambda filter that asks for what the local feed's rule keeps", () => {
    expect(pendingAuditFilter).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['audit'] }, gsi2pk: { S: [{ prefix: 'OUTBOX#PENDING' }] } } } });
    expect(isPendingAuditRecord(insert(auditItem('AUDIT#f', 'f.1'), '4'))).toBe(true);
  });
});

describe('pendingDomainEvents', () => {
  it('finds the events an audit entry carries, and nothing on other items', () => {
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'AUDIT#a', domain_events: [event('a.1')] })).toEqual(entry('AUDIT#a', 'a.1'));
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'AUDIT#a', name: 'Ann' })).toBeNull();
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'AUDIT#b', domain_events: [] })).toBeNull();
  });
});
