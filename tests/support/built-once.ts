/**
 * `build(key)` made once per key and kept: a file's fixtures shared by its tests, whichever asks first
 * (a Promise is kept as it is, so concurrent askers wait on the same build).
 */
export function builtOnce<T>(build: (key: string) => T): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    if (!kept.has(key)) kept.set(key, build(key));
    return kept.get(key) as T;
  };
}
