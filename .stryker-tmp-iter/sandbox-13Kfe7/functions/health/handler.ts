// @ts-nocheck
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { httpGroup, publicOperation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { ServiceUnavailableError } from '#shared/http/errors.ts';
import { db, tableName } from '#shared/data/client.ts';

/** GET /api/health: ok once the table answers, 503 otherwise (the local runtime waits on it). */
export const handler = httpGroup('health', {
  health: publicOperation({
    handle: async () => {
      try {
        await db().send(new DescribeTableCommand({ TableName: tableName() }));
      } catch {
        throw new ServiceUnavailableError(1);
      }
      return ok({ status: 'ok' });
    },
  }),
});
