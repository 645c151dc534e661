import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { config } from '#shared/config.ts';
import { createLogger } from '#shared/logger.ts';
import { endAllSessionsByOperator, endSessionsByOperator } from './end-sessions.ts';

/**
 * The operator's function in AWS, invoked by hand and by nothing else (no API route, no schedule, no
 * rule): what `npm run admin` does locally (docs/accounts.md). The payload names the action, whose
 * sessions (`user` or `all: true`), who asks (`operator`; CloudTrail records the IAM principal that
 * invoked it) and why:
 *
 *   aws lambda invoke --function-name <AdminFunction> --cli-binary-format raw-in-base64-out \
 *     --payload '{"action": "end-sessions", "all": true, "operator": "ada", "reason": "key leak"}' out.json
 *
 * It answers `{ ok: true, result }`, or `{ ok: false, error }` for a payload it cannot act on (the
 * invocation itself succeeds: there is nothing to retry).
 */
const operatorFields = {
  action: z.literal('end-sessions'),
  operator: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(1).max(500),
};

export const adminRequestSchema = z.union([
  z.strictObject({ ...operatorFields, user: z.string().min(1).max(64) }),
  z.strictObject({ ...operatorFields, all: z.literal(true) }),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export type AdminAnswer = { ok: true; result: unknown } | { ok: false; error: string };

export async function handler(event: unknown, context: Context): Promise<AdminAnswer> {
  const log = createLogger({ component: 'admin', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = adminRequestSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    log.warn('admin request refused', { problems });
    return { ok: false, error: `Send {"action": "end-sessions", "user": "<id>" | "all": true, "operator": "...", "reason": "..."}. ${problems}` };
  }
  const request = parsed.data;
  const note = { operator: request.operator, reason: request.reason };
  log.info('admin request', { action: request.action, scope: 'all' in request ? 'all' : 'user', operator: request.operator });
  if ('all' in request) return { ok: true, result: await endAllSessionsByOperator(note) };
  const ended = await endSessionsByOperator(request.user, note);
  return ended ? { ok: true, result: ended } : { ok: false, error: `No account has the id ${request.user}.` };
}
