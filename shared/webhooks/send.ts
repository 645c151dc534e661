import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { config } from '../config.ts';
import type { AttemptOutcome } from '../domain/webhooks/delivery.ts';
import { isPublicAddress } from '../domain/webhooks/address-policy.ts';

/**
 * One webhook POST, SSRF-safe (docs/webhooks.md): https only; the host resolved here and every address
 * it has checked (isPublicAddress), then the connection made to the checked address itself — the TLS name
 * check and SNI still use the host name — so a second DNS answer (rebinding) never comes into play;
 * redirects are not followed (a 3xx is a failure), the whole exchange has a deadline and the response is
 * read to at most 64 KiB and then dropped. The test-only allowlist (WEBHOOK_TEST_ALLOWED_ADDRESSES) lets a
 * test's receiver on 127.0.0.1 through; the stack never sets it (tests/infra prove it).
 */
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export class UnsafeTargetError extends Error {}

async function checkedAddress(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const allowed = new Set(config().WEBHOOK_TEST_ALLOWED_ADDRESSES ?? []);
  const literal = host.replace(/^\[|\]$/g, '');
  const found = isIP(literal) ? [{ address: literal, family: isIP(literal) }] : await lookup(host, { all: true, verbatim: true });
  const [first] = found;
  if (!first) throw new UnsafeTargetError(`${host} has no address`);
  // Every address must pass, not just the one used: a host that also resolves to a private address is refused.
  const blocked = found.find(({ address }) => !isPublicAddress(address) && !allowed.has(address));
  if (blocked) throw new UnsafeTargetError(`${host} resolves to a refused address (${blocked.address})`);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

const extraCa = (): string[] | undefined => {
  const file = config().WEBHOOK_TEST_CA_FILE;
  return file ? [readFileSync(file, 'utf8')] : undefined;
};

/** Refuses (UnsafeTargetError) a URL the sender would refuse: not https, or a host with a refused address. */
export async function checkWebhookTarget(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new UnsafeTargetError('Only https URLs are delivered to');
  await checkedAddress(parsed.hostname);
}

export async function postWebhook(input: { url: string; body: string; headers: Record<string, string> }): Promise<AttemptOutcome> {
  const url = new URL(input.url);
  if (url.protocol !== 'https:') return { ok: false, statusCode: null, error: 'Only https URLs are delivered to' };
  let target: { address: string; family: 4 | 6 };
  try {
    target = await checkedAddress(url.hostname);
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof UnsafeTargetError ? error.message : `DNS lookup failed: ${(error as Error).message}` };
  }
  const servername = isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : url.hostname;
  const ca = extraCa();
  return new Promise((resolve) => {
    const finish = (outcome: AttemptOutcome) => {
      clearTimeout(deadline);
      resolve(outcome);
    };
    const outgoing = request(
      {
        host: target.address,
        family: target.family,
        port: url.port ? Number(url.port) : 443,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        // TLS checks the certificate against the URL's host name, not the address connected to.
        servername,
        ...(ca ? { ca } : {}),
        agent: false,
        headers: { ...input.headers, Host: url.host, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(input.body)), 'User-Agent': 'event-planning-webhooks/1' },
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const statusCode = response.statusCode ?? 0;
        const settle = () =>
          finish(statusCode >= 200 && statusCode < 300 ? { ok: true, statusCode } : { ok: false, statusCode, error: statusCode >= 300 && statusCode < 400 ? `Redirect (${statusCode}) not followed` : `HTTP ${statusCode}` });
        response.on('end', settle);
        response.on('close', settle);
      },
    );
    const deadline = setTimeout(() => outgoing.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    outgoing.on('error', (error) => finish({ ok: false, statusCode: null, error: error.message.slice(0, 200) }));
    outgoing.end(input.body);
  });
}
