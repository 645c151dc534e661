// @ts-nocheck
import { ValidationError } from './errors.ts';

/**
 * The version a write expects (CONVENTIONS: `If-Match: <version>` or `"version"` in the body). Accepts
 * `3`, `"3"` and `W/"3"`. When both are given they must agree. Undefined when the caller sent neither.
 */
export function expectedVersion(headers: Record<string, string | undefined>, bodyVersion: number | undefined): number | undefined {
  const header = headers['if-match']?.trim();
  if (header === undefined || header === '') return bodyVersion;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header);
  if (!match) throw new ValidationError([{ path: 'If-Match', message: 'Use the resource version, e.g. If-Match: 3' }]);
  const version = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw new ValidationError([{ path: 'version', message: 'version and If-Match disagree' }]);
  }
  return version;
}
