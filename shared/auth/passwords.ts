import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { config } from '../config.ts';
import { COMMON_PASSWORDS_MIN_LENGTH, commonPasswords } from './common-passwords.ts';

/**
 * Password hashing with scrypt at OWASP's parameters (N=2^17, r=8, p=1), a 16-byte random salt and a
 * 64-byte key. The parameters are stored with the hash (`scrypt$17$8$1$<salt>$<key>`, base64url), so
 * verification always uses the cost a hash was made with and the configured cost can be raised later.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

if (COMMON_PASSWORDS_MIN_LENGTH > PASSWORD_MIN_LENGTH) {
  // The list holds only passwords the length rule lets through; a lower minimum needs a fuller list.
  throw new Error('common-passwords.ts was cut at a longer minimum than PASSWORD_MIN_LENGTH; regenerate it');
}

export type ScryptParams = { logN: number; r: number; p: number };

type ParsedHash = ScryptParams & { salt: Buffer; key: Buffer };

/** Node refuses to allocate more than maxmem (32 MiB by default); scrypt needs 128·r·(N+p+2) bytes. */
const scryptMaxmem = ({ logN, r, p }: ScryptParams): number => 128 * r * (2 ** logN + p + 2) + 1024 * 1024;

/** Async scrypt: the ~0.8 s of work runs on libuv's thread pool, never on the event loop. */
function deriveKey(password: string, salt: Buffer, params: ScryptParams, keyBytes: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: scryptMaxmem(params) };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const configuredParams = (): ScryptParams => ({ logN: config().SCRYPT_LOG_N, r: BLOCK_SIZE, p: PARALLELISM });

const encode = ({ logN, r, p }: ScryptParams, salt: Buffer, key: Buffer): string =>
  `scrypt$${logN}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;

/** The stored hash's parts, or null for anything not in our format or with parameters out of sane bounds. */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const match = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!match) return null;
  const [, logN, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  // Bounds keep a corrupted item from asking for gigabytes of memory.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function hashPassword(password: string, params: ScryptParams = configuredParams()): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return encode(params, salt, await deriveKey(password, salt, params, KEY_BYTES));
}

/** True when the password matches; the keys are compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || parsed.key.length < 16) return false;
  const derived = await deriveKey(password, parsed.salt, parsed, parsed.key.length);
  return timingSafeEqual(derived, parsed.key);
}

/** A hash made at a lower cost than configured now: re-hash it at the next successful sign-in. */
export function needsRehash(stored: string, wanted: ScryptParams = configuredParams()): boolean {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return true;
  return parsed.logN < wanted.logN || parsed.r < wanted.r || parsed.p < wanted.p || parsed.key.length < KEY_BYTES;
}

let dummy: { logN: number; hash: string } | undefined;

/**
 * A hash no password matches, at the configured cost: verifying against it when the user does not
 * exist takes as long as a real check, so the answer's timing does not tell which names exist. Random
 * bytes cost the same to verify against as a real key, so nothing is hashed to make it.
 */
export function dummyPasswordHash(): string {
  const { logN } = configuredParams();
  if (dummy?.logN !== logN) {
    dummy = { logN, hash: encode(configuredParams(), randomBytes(SALT_BYTES), randomBytes(KEY_BYTES)) };
  }
  return dummy.hash;
}

/** One of the most common leaked passwords (compared case-insensitively, as the list is lower-case). */
export const isCommonPassword = (password: string): boolean => commonPasswords.has(password.toLowerCase());

/**
 * Context-specific words (ASVS 6.1.2): the product's and the planning domain's own words, which an attacker
 * tries first against a planning service. Listed in docs/accounts.md; a change here is a change there.
 */
export const PRODUCT_WORDS = [
  'event', 'events', 'eventplanning', 'plan', 'planning', 'planner', 'planners', 'party', 'parties', 'wedding',
  'weddings', 'bride', 'groom', 'conference', 'guest', 'guests', 'guestlist', 'rsvp', 'invite', 'invitation',
  'invitations', 'budget', 'vendor', 'vendors', 'checklist', 'timeline', 'celebration', 'celebrate', 'api',
] as const;

export const CONTEXT_WORDS_MESSAGE = 'The password must not be your username or email, nor made only of them and words of this service (event, planning, wedding, ...) with digits or symbols';

// An identity word shorter than this would match too much once passwords are split into words ("al", "jo").
const MIN_IDENTITY_WORD = 3;
const productWords = new Set<string>(PRODUCT_WORDS);
const lettersOf = (text: string): string => text.toLowerCase().replace(/[^\p{L}]/gu, '');

/** Whether `letters` splits wholly into words of `words` (dynamic programming over the prefixes). */
function splitsInto(letters: string, words: ReadonlySet<string>): boolean {
  const reachable = [true, ...Array<boolean>(letters.length).fill(false)];
  for (let end = 1; end <= letters.length; end += 1) {
    for (let start = 0; start < end && !reachable[end]; start += 1) {
      reachable[end] = reachable[start] === true && words.has(letters.slice(start, end));
    }
  }
  return reachable[letters.length] === true;
}

/**
 * The password is the account's own username, email or the email's local part (case-insensitive), or its
 * letters are made only of those (their letters) and the product's words, whatever digits and symbols are
 * added ("EventPlanning2026!", "ada.lovelace1815" for Ada_Lovelace).
 */
export function passwordIsContextWords(password: string, identity: { username?: string; email?: string }): boolean {
  const candidate = password.toLowerCase();
  const email = identity.email?.toLowerCase();
  const names = [identity.username?.toLowerCase(), email, email?.split('@')[0]].filter((name): name is string => name !== undefined && name !== '');
  if (names.includes(candidate)) return true;
  const letters = lettersOf(password);
  if (letters === '') return false;
  const identityWords = names.map(lettersOf).filter((word) => word.length >= MIN_IDENTITY_WORD);
  return splitsInto(letters, new Set([...productWords, ...identityWords]));
}
