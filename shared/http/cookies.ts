/**
 * The request's cookies by name, from API Gateway's payload 2.0 `cookies` (one `name=value` each). A name
 * sent twice keeps its first value: browsers send the cookie of the longest matching path first.
 */
export function cookiesByName(cookies: readonly string[] | undefined): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const cookie of cookies ?? []) {
    const split = cookie.indexOf('=');
    if (split <= 0) continue;
    const name = cookie.slice(0, split).trim();
    if (!(name in byName)) byName[name] = cookie.slice(split + 1).trim();
  }
  return byName;
}
