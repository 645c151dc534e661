import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { config } from '#shared/config.ts';
import { migrationStatus, runMigrations } from '#shared/data/migrations/runner.ts';
import { createLogger } from '#shared/logger.ts';
import { endAllSessionsByOperator, endSessionsByOperator } from './end-sessions.ts';
import { MAX_SEGMENTS, resealSealedValues, retireSealingKey } from './sealed-values.ts';
import { sealingKeyStore } from './sealing-key-store.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * The operator's function in AWS, invoked by hand and by nothing else (no API route, no schedule, no
 * rule): what `npm run admin` does locally. The payload names the action and who asks (`operator`;
 * CloudTrail records the IAM principal that invoked it):
 *
 * - `end-sessions` (docs/accounts.md): whose sessions (`user` or `all: true`) and why (`reason`):
 *     aws lambda invoke --function-name <AdminFunction> --cli-binary-format raw-in-base64-out \
 *       --payload '{"action": "end-sessions", "all": true, "operator": "ada", "reason": "key leak"}' out.json
 * - `reseal-sealed-values` (docs/token-keys.md): every stored sealed value under the current sealing key;
 *   it stops a minute before the function's time runs out and answers `resume`, to be sent back as is.
 * - `retire-sealing-key` (docs/token-keys.md): `kid` leaves the sealing key set, refused while anything
 *   sealed under it is stored.
 * - `run-migrations` (docs/migrations.md): the data migrations not done, in order, from their checkpoints
 *   in the table; it stops between pages a minute before the function's time runs out, with
 *   `complete: false`: invoke it again to go on (`restart: true` runs done ones again, rewriting nothing).
 * - `migration-status`: each migration's checkpoint.
 *
 * It answers `{ ok: true, result }`, or `{ ok: false, error }` for a payload it cannot act on (the
 * invocation itself succeeds: there is nothing to retry).
 */
const operator = z.string().trim().min(1).max(100);
const reason = z.string().trim().min(1).max(500);

export const adminRequestSchema = z.union([
  z.strictObject({ action: z.literal('end-sessions'), operator, reason, user: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal('end-sessions'), operator, reason, all: z.literal(true) }),
  z.strictObject({ action: z.literal('reseal-sealed-values'), operator, segments: z.number().int().min(1).max(MAX_SEGMENTS).optional(), resume: z.string().min(1).max(100_000).optional() }),
  z.strictObject({ action: z.literal('retire-sealing-key'), operator, kid: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal('run-migrations'), operator, restart: z.boolean().optional() }),
  z.strictObject({ action: z.literal('migration-status'), operator }),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export type AdminAnswer = { ok: true; result: unknown } | { ok: false; error: string };

const usage =
  'Send {"action": "end-sessions", "user": "<id>" | "all": true, "operator": "...", "reason": "..."}, ' +
  '{"action": "reseal-sealed-values", "operator": "...", "resume"?: "..."}, {"action": "retire-sealing-key", "kid": "...", "operator": "..."}, ' +
  '{"action": "run-migrations", "operator": "...", "restart"?: true} or {"action": "migration-status", "operator": "..."}.';

/** The walk of the table stops this long before the function's timeout, to answer where to go on from. */
const STOP_BEFORE_TIMEOUT_MS = 60_000;

async function handle(event: unknown, context: Context): Promise<AdminAnswer> {
  const log = createLogger({ component: 'admin', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = adminRequestSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    log.warn('admin request refused', { problems });
    return { ok: false, error: `${usage} ${problems}` };
  }
  const request = parsed.data;
  log.info('admin request', { action: request.action, operator: request.operator });
  const shouldStop = () => context.getRemainingTimeInMillis() < STOP_BEFORE_TIMEOUT_MS;
  switch (request.action) {
    case 'reseal-sealed-values': {
      const report = await resealSealedValues({ segments: request.segments, resume: request.resume, shouldStop });
      log.info('sealed values re-sealed', { ...report, resume: report.resume ? 'given' : 'none' });
      return { ok: true, result: report };
    }
    case 'retire-sealing-key': {
      const outcome = await retireSealingKey(request.kid, sealingKeyStore(), { shouldStop });
      log.info('sealing key retirement', outcome);
      return outcome.retired ? { ok: true, result: outcome } : { ok: false, error: outcome.reason };
    }
    case 'run-migrations': {
      const report = await runMigrations({ owner: `admin:${context.awsRequestId}`, restart: request.restart, shouldStop });
      log.info('migrations run', { complete: report.complete, migrations: report.migrations.map(({ id, outcome, pages, rewritten }) => ({ id, outcome, pages, rewritten })) });
      return { ok: true, result: report };
    }
    case 'migration-status':
      return { ok: true, result: await migrationStatus() };
    case 'end-sessions': {
      const note = { operator: request.operator, reason: request.reason };
      if ('all' in request) return { ok: true, result: await endAllSessionsByOperator(note) };
      const ended = await endSessionsByOperator(request.user, note);
      return ended ? { ok: true, result: ended } : { ok: false, error: `No account has the id ${request.user}.` };
    }
  }
}

export const handler = tracedHandler(handle);
