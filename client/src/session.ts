/**
 * The signed-in session of one client (one browser tab): the access token, the refresh token, and when
 * the access token expires. Refreshing is single-flight: every call that finds the token expired or
 * refused waits for the same one refresh, so one tab never presents a refresh token twice (the server
 * would take that for a stolen token and end the session).
 */
export type SessionTokens = {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops being accepted. */
  accessExpiresAt: number;
};

/** Where tokens live between page loads; synchronous like localStorage. The default keeps them in memory. */
export type SessionStore = {
  load(): SessionTokens | null;
  save(tokens: SessionTokens | null): void;
};

export function memorySessionStore(initial: SessionTokens | null = null): SessionStore {
  let tokens = initial;
  return { load: () => tokens, save: (next) => void (tokens = next) };
}

/** The token part of the register, login and refresh answers. */
export type TokenAnswer = { access_token: string; refresh_token: string; expires_in: number };

export const tokensFrom = (answer: TokenAnswer, now: number): SessionTokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token,
  accessExpiresAt: now + answer.expires_in * 1000,
});

/**
 * Exchanges a refresh token: new tokens, or null when the server refused it (the session is over). Any
 * other failure (network, 5xx) throws, and the session is kept for a later try.
 */
export type RefreshExchange = (refreshToken: string) => Promise<TokenAnswer | null>;

export type SessionKeeperOptions = {
  store: SessionStore;
  exchange: RefreshExchange;
  /** Refresh this long before the access token expires, so a request never leaves with a dying token. */
  earlyRefreshMs?: number;
  now?: () => number;
  /** Called once when the session ends without sign-out (refresh refused, e.g. reused or expired). */
  onSessionEnded?: () => void;
};

export class SessionKeeper {
  private inFlight: Promise<SessionTokens | null> | null = null;
  private readonly earlyRefreshMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SessionKeeperOptions) {
    this.earlyRefreshMs = options.earlyRefreshMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get tokens(): SessionTokens | null {
    return this.options.store.load();
  }

  signedIn(answer: TokenAnswer): void {
    this.options.store.save(tokensFrom(answer, this.now()));
  }

  signedOut(): void {
    this.options.store.save(null);
  }

  /** An access token good for a request now: the current one, or a refreshed one when it is about to expire. */
  async accessToken(): Promise<string | null> {
    const tokens = this.tokens;
    if (!tokens) return null;
    if (tokens.accessExpiresAt - this.earlyRefreshMs > this.now()) return tokens.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /**
   * The server refused `refused`. When the session already holds a newer token (another call refreshed
   * meanwhile), that one is answered without refreshing again; otherwise one shared refresh runs.
   */
  async replaceRefused(refused: string): Promise<string | null> {
    const tokens = this.tokens;
    if (!tokens) return null;
    if (tokens.accessToken !== refused) return tokens.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  private refresh(): Promise<SessionTokens | null> {
    this.inFlight ??= this.exchangeOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async exchangeOnce(): Promise<SessionTokens | null> {
    const before = this.tokens;
    if (!before) return null;
    const answer = await this.options.exchange(before.refreshToken);
    // A sign-out or a new sign-in while the refresh ran wins over its answer.
    if (this.tokens?.refreshToken !== before.refreshToken) return this.tokens;
    if (!answer) {
      this.options.store.save(null);
      this.options.onSessionEnded?.();
      return null;
    }
    const tokens = tokensFrom(answer, this.now());
    this.options.store.save(tokens);
    return tokens;
  }
}
