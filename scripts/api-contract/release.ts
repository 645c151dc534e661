import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowsBreakingChanges, breakingChanges, compareVersions } from './breaking-changes.ts';

/**
 * The last released OpenAPI document, kept in the repo: the breaking-change check compares the document
 * the API serves with it, and `npm run api:release` replaces it.
 */
export const RELEASED_DOCUMENT_FILE = fileURLToPath(new URL('../../docs/api/openapi.released.json', import.meta.url));

export type VersionedDocument = { info: { version: string } };

export const readReleasedDocument = (): VersionedDocument =>
  JSON.parse(readFileSync(RELEASED_DOCUMENT_FILE, 'utf8')) as VersionedDocument;

export function writeReleasedDocument(document: VersionedDocument): void {
  mkdirSync(dirname(RELEASED_DOCUMENT_FILE), { recursive: true });
  writeFileSync(RELEASED_DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
}

/**
 * What stands between `current` and a release after `released`: a version that went back, or breaking
 * changes under a version that does not announce them (see allowsBreakingChanges). Empty when none.
 */
export function releaseBlockers(released: VersionedDocument, current: VersionedDocument): string[] {
  const [from, to] = [released.info.version, current.info.version];
  if (compareVersions(to, from) < 0) return [`info.version went back from ${from} to ${to}`];
  if (allowsBreakingChanges(from, to)) return [];
  return breakingChanges(released, current).map(({ where, what }) => `${where}: ${what}`);
}
