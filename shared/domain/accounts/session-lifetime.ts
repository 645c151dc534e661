/**
 * How long a session lives: `idleSeconds` after its last refresh (REFRESH_TOKEN_TTL_SECONDS), and never
 * past `absoluteSeconds` after its sign-in (SESSION_ABSOLUTE_LIFETIME_SECONDS), however active it stays,
 * so a stolen refresh token that is kept fresh still dies.
 */
export type SessionLifetime = { idleSeconds: number; absoluteSeconds: number };

/** The moment a session signed in at `createdAt` ends for good. */
export const absoluteEnd = (createdAt: string | Date, lifetime: SessionLifetime): Date =>
  new Date(new Date(createdAt).getTime() + lifetime.absoluteSeconds * 1000);

/** The expiry after a sign-in or refresh at `now`: the idle expiry, capped at the absolute end. */
export const sessionExpiry = (createdAt: string | Date, now: Date, lifetime: SessionLifetime): Date =>
  new Date(Math.min(now.getTime() + lifetime.idleSeconds * 1000, absoluteEnd(createdAt, lifetime).getTime()));

/** Whether a session signed in at `createdAt` has outlived its absolute lifetime at `now`. */
export const pastAbsoluteLifetime = (createdAt: string, now: Date, lifetime: SessionLifetime): boolean =>
  absoluteEnd(createdAt, lifetime).getTime() <= now.getTime();
