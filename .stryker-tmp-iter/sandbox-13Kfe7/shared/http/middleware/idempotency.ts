// @ts-nocheck
import type middy from '@middy/core';
import { createHash } from 'node:crypto';
import { retryWhileTransient } from '../../aws/transient-errors.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../../data/idempotency.ts';
import { BadRequestError, ConflictError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

export const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

/**
 * POST with an `Idempotency-Key`: the first answer is stored and replayed for repeats; a repeat that
 * arrives while the first still runs gets 409; the same key with a different request gets 409 too.
 * Server errors release the key so the caller can retry. Only signed-in callers' requests are kept.
 *
 * Storing or releasing the key never changes the answer: the request's own work is done (or failed) by
 * then, so a table that stays busy is retried briefly and then logged, and the claim lapses by itself
 * after a minute (shared/data/idempotency.ts). Throwing here would skip the problem handler (a 500).
 */
const BOOKKEEPING_BUDGET_MS = 3_000;

async function bookkeeping(request: { context: HttpRequestContext }, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await retryWhileTransient(write, BOOKKEEPING_BUDGET_MS);
  } catch (error) {
    request.context.log.warn(`idempotency key not ${what}; the claim lapses by itself`, { name: (error as Error)?.name });
  }
}

export function idempotency(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  const state = new WeakMap<object, { callerId: string; key: string }>();
  return {
    before: async (request) => {
      const key = request.event.headers['idempotency-key'];
      if (request.event.requestContext.http.method !== 'POST' || key === undefined) return;
      if (request.context.operation?.idempotency === 'not-stored') return;
      if (!KEY_PATTERN.test(key)) {
        throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ - : .');
      }
      // Keys are per caller; public routes (sign-in) are not replayed, so no token is ever stored.
      const callerId = request.context.caller?.userId;
      if (!callerId) return;
      const fingerprint = createHash('sha256')
        .update(`${request.event.routeKey}\n${request.event.rawPath}\n${JSON.stringify(request.event.body ?? null)}`)
        .digest('base64url');
      const claim = await claimIdempotencyKey(callerId, key, fingerprint);
      if (!claim.claimed) {
        if (claim.record.fingerprint !== fingerprint) {
          throw new ConflictError('idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
        }
        if (claim.record.status === 'in_progress' || !claim.record.response) {
          throw new ConflictError('request_in_progress', 'The first request with this Idempotency-Key is still running; retry shortly.');
        }
        const replay = claim.record.response;
        // Answered by the dispatcher in place of the handler, so the after-middleware still runs.
        request.context.replay = { ...replay, headers: { ...replay.headers, 'Idempotent-Replayed': 'true' } };
        return;
      }
      state.set(request.event, { callerId, key });
    },
    after: async (request) => {
      const claimed = state.get(request.event);
      if (!claimed || !request.response) return;
      const { statusCode, headers, body } = request.response;
      if (statusCode >= 500) await bookkeeping(request, 'released', () => releaseIdempotencyKey(claimed.callerId, claimed.key));
      else await bookkeeping(request, 'stored', () => completeIdempotencyKey(claimed.callerId, claimed.key, { statusCode, headers, body: String(body ?? '') }));
    },
    onError: async (request) => {
      const claimed = state.get(request.event);
      if (claimed) await bookkeeping(request, 'released', () => releaseIdempotencyKey(claimed.callerId, claimed.key));
    },
  };
}
