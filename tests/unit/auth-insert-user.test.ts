import { beforeEach, describe, expect, it, vi } from 'vitest';
import { transact, TransactionConditionFailed } from '../../shared/data/transact.ts';
import { insertUser, type UserRecord } from '../../shared/data/users.ts';

// The table's answers are scripted here: these are the outcomes DynamoDB Local never produces on demand.
vi.mock('../../shared/data/transact.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../shared/data/transact.ts')>()),
  transact: vi.fn(),
}));

const user: UserRecord = {
  id: '01J00000000000000000000000',
  username: 'Ada',
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  password_hash: 'scrypt$12$8$1$salt$key',
  events_created: 0,
  version: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => {
  vi.mocked(transact).mockReset();
  vi.mocked(transact).mockResolvedValue(undefined);
});

describe('insertUser', () => {
  it('writes the user, both claims (the address is free) and the extra items in one transaction', async () => {
    vi.mocked(transact).mockResolvedValue(undefined);
    const extra = { Delete: { Key: { pk: 'X', sk: 'Y' } } };

    const outcome = await insertUser(user, [extra]);

    expect(outcome).toBe('created');
    const items = vi.mocked(transact).mock.calls[0]?.[0] ?? [];
    expect(items.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Put', 'Put', 'Delete']);
    expect(JSON.stringify(items)).toContain('USERNAME#ada');
  });

  it('makes the account without the email claim when the address was claimed between the read and the write', async () => {
    vi.mocked(transact).mockRejectedValueOnce(new TransactionConditionFailed([2])).mockResolvedValueOnce(undefined);

    const outcome = await insertUser(user, []);

    expect(outcome).toBe('created');
    const [first, second] = vi.mocked(transact).mock.calls.map((call) => JSON.stringify(call[0]));
    expect(first).toContain('EMAIL#ada@example.com');
    expect(second).not.toContain('EMAIL#');
    expect(second).toContain('USERNAME#ada');
  });

  it.each([
    [[1], 'username_taken'],
    [[1, 2], 'username_taken'],
  ])('names the claim that failed its condition (%j → %s)', async (failed, expected) => {
    vi.mocked(transact).mockImplementation(async () => {
      throw new TransactionConditionFailed(failed);
    });

    expect(await insertUser(user, [])).toBe(expected);
  });
});
