import { readFile } from 'node:fs/promises';
import { defaultDataDir, type LocalStackState, stateFilePath } from './stack.ts';

/**
 * The state of the local stack `npm start` is running (its API address and the environment it gave its
 * functions), for commands that act on it from another terminal; an error that says how to start it.
 */
export async function runningStackState(): Promise<LocalStackState> {
  const file = stateFilePath(defaultDataDir);
  const state = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as LocalStackState | null;
  const alive = state !== null && (() => {
    try {
      process.kill(state.pid, 0);
      return true;
    } catch {
      return false;
    }
  })();
  if (!state || !alive) throw new Error('The local stack is not running. Start it with `npm start` in another terminal, then run this again.');
  return state;
}
