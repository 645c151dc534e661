import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newId } from '../../shared/data/ids.ts';
import type { AsyncTarget } from '../async-targets.ts';

/**
 * The local stack's dead-letter queues, as the stack's SQS queues hold them in AWS: one folder per async
 * target under `<data folder>/dead-letters/`, one JSON file per event its function kept failing on, named
 * by a ULID so a listing is oldest first. A letter is written whole (a temporary file, then a rename) and
 * claimed by a rename before it is replayed, so the running stack and a redrive in another terminal (or
 * two redrives) never see half a letter or replay the same one twice.
 */
export type DeadLetter = {
  id: string;
  target: AsyncTarget;
  /** The event as the function received it (EventBridge's envelope). */
  event: unknown;
  /** The last error's message. */
  error: string;
  attempts: number;
  failedAt: string;
};

export type LocalDeadLetters = {
  /** The folder holding every target's letters. */
  dir: string;
  put: (letter: Omit<DeadLetter, 'id' | 'failedAt'>) => Promise<DeadLetter>;
  /** The target's letters, oldest first. */
  list: (target: AsyncTarget) => Promise<DeadLetter[]>;
  /**
   * Takes a letter out of the queue for a replay; null when another redrive took it first. `done` deletes
   * it, `release` puts it back.
   */
  claim: (letter: DeadLetter) => Promise<{ done: () => Promise<void>; release: () => Promise<void> } | null>;
};

export const deadLettersDir = (dataDir: string): string => join(dataDir, 'dead-letters');

const LETTER = /^[0-9A-Z]{26}\.json$/;

export function localDeadLetters(dataDir: string): LocalDeadLetters {
  const dir = deadLettersDir(dataDir);
  const fileOf = (target: AsyncTarget, id: string) => join(dir, target, `${id}.json`);

  return {
    dir,
    put: async (letter) => {
      const full: DeadLetter = { id: newId(), failedAt: new Date().toISOString(), ...letter };
      await mkdir(join(dir, letter.target), { recursive: true, mode: 0o700 });
      const file = fileOf(letter.target, full.id);
      await writeFile(`${file}.writing`, JSON.stringify(full, null, 2), { mode: 0o600 });
      await rename(`${file}.writing`, file);
      return full;
    },
    list: async (target) => {
      const names = await readdir(join(dir, target)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      const letters = await Promise.all(
        names.filter((name) => LETTER.test(name)).sort().map(async (name) =>
          // A letter claimed by a redrive since the listing is no longer there: skipped.
          JSON.parse(await readFile(join(dir, target, name), 'utf8').catch(() => 'null')) as DeadLetter | null),
      );
      return letters.filter((letter): letter is DeadLetter => letter !== null);
    },
    claim: async (letter) => {
      const file = fileOf(letter.target, letter.id);
      const claimed = `${file}.claimed-${process.pid}`;
      try {
        await rename(file, claimed);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return { done: () => rm(claimed, { force: true }), release: () => rename(claimed, file) };
    },
  };
}
