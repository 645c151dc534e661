import { tableName } from '../client.ts';
import { readCheckpoint } from './checkpoint.ts';

/**
 * Whether a migration is done, for the reads that depend on the keys it gives older items (the window
 * rule, docs/migrations.md): until it is, such a read takes its other path, which finds items of both
 * formats. Done is final, so it is remembered for the life of the container (per table: tests run
 * several tables in one process); until then every such read asks again (one strong GetItem).
 */
const doneIn = new Set<string>();

export async function migrationDone(migrationId: string): Promise<boolean> {
  const key = `${tableName()}|${migrationId}`;
  if (doneIn.has(key)) return true;
  if ((await readCheckpoint(migrationId))?.status !== 'done') return false;
  doneIn.add(key);
  return true;
}
