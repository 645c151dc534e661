import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { markDomainEventsPublished } from '../../shared/data/outbox.ts';
import { putDomainEvents } from '../../shared/events/bus.ts';
import { pendingDomainEvents, publishAfterCommit } from '../../shared/events/publish.ts';

// The bus and the outbox write are scripted: what is under test is what the publisher does with their answers.
vi.mock('../../shared/events/bus.ts', () => ({ putDomainEvents: vi.fn() }));
vi.mock('../../shared/data/outbox.ts', () => ({ markDomainEventsPublished: vi.fn() }));
const put = vi.mocked(putDomainEvents);
const mark = vi.mocked(markDomainEventsPublished);

const event = (id: string): DomainEvent => ({
  id, type: 'event.changed', event_id: 'e1', actor_id: 'u1', occurred_at: '2026-11-24T09:30:00.000Z', entity_type: 'event', entity_id: 'e1', detail: {},
});
const entry = (sk: string, ...ids: string[]) => ({ key: { pk: 'EVENT#e1', sk }, events: ids.map(event) });

beforeEach(() => {
  put.mockReset();
  mark.mockReset();
});

describe('publishAfterCommit', () => {
  it('takes out of the outbox only the entries whose every event the bus accepted', async () => {
    put.mockResolvedValue(new Set(['a.1', 'b.1']));

    await publishAfterCommit([entry('AUDIT#a', 'a.1'), entry('AUDIT#b', 'b.1', 'b.2')]);

    expect(mark.mock.calls).toEqual([[{ pk: 'EVENT#e1', sk: 'AUDIT#a' }]]);
  });

  it('never throws when the bus fails or is slow: the outbox run publishes later', async () => {
    put.mockRejectedValue(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));

    await expect(publishAfterCommit([entry('AUDIT#a', 'a.1')])).resolves.toBeUndefined();
    expect(mark).not.toHaveBeenCalled();
  });

  it('does nothing for a transaction without domain events', async () => {
    await publishAfterCommit([]);

    expect(put).not.toHaveBeenCalled();
  });
});

describe('pendingDomainEvents', () => {
  it('finds the events an audit entry carries, and nothing on other items', () => {
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'AUDIT#a', domain_events: [event('a.1')] })).toEqual(entry('AUDIT#a', 'a.1'));
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'GUEST#g', name: 'Ann' })).toBeNull();
    expect(pendingDomainEvents({ pk: 'EVENT#e1', sk: 'AUDIT#b', domain_events: [] })).toBeNull();
  });
});
