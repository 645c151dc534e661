import { apiCompare, type Diff } from 'api-smart-diff';

/**
 * What a client built against one OpenAPI document would trip over in the next: api-smart-diff
 * compares the two (resolving `$ref`s, so a change to a shared schema shows under every operation that
 * uses it) and classifies each change. Breaking as it says — a removed path or operation, a removed
 * response field, a newly required request field or parameter, a narrowed type... — plus any enum value
 * removed or renamed, which it deems harmless in an answer but which breaks a frontend's typed client
 * that names the value. Changes under `components` are left out: they are the same changes again, seen
 * from the definitions rather than from the operations.
 */
export type BreakingChange = { where: string; what: string };

const isEnumValueGone = (diff: Diff): boolean =>
  (diff.action === 'remove' || diff.action === 'replace') && diff.path.at(-2) === 'enum';

export function breakingChanges(before: unknown, after: unknown): BreakingChange[] {
  const { diffs } = apiCompare(before, after);
  return diffs
    .filter((diff) => diff.path[0] === 'paths' && (diff.type === 'breaking' || isEnumValueGone(diff)))
    .map((diff) => ({
      where: diff.path.join(' › '),
      what: diff.description ?? `${diff.action} (${JSON.stringify(diff.before)} → ${JSON.stringify(diff.after)})`,
    }));
}

type Version = { major: number; minor: number; patch: number };

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`info.version ${JSON.stringify(text)} is not major.minor.patch`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  return { major, minor, patch };
}

/**
 * Whether going from `released` to `current` announces breaking changes: a higher major version, or
 * before 1.0.0 a higher minor one (npm's caret ranges treat 0.x minors as majors).
 */
export function allowsBreakingChanges(released: string, current: string): boolean {
  const from = parseVersion(released);
  const to = parseVersion(current);
  if (to.major !== from.major) return to.major > from.major;
  return from.major === 0 && to.minor > from.minor;
}

/** Orders two versions: negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const [from, to] = [parseVersion(a), parseVersion(b)];
  return from.major - to.major || from.minor - to.minor || from.patch - to.patch;
}
