import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { announcementKeys } from '../keys.ts';
import { migrationIds } from './ids.ts';
import type { Migration } from './migration.ts';

/**
 * Issue 18: announcements recorded before the history was paged get their history key (GSI3
 * `ANNOUNCEMENTS#<eventId>`, docs/announcements.md). Only where it is still absent, so nothing is rewritten twice.
 */
export const announcementHistoryMigration: Migration = {
  id: migrationIds.announcementHistory,
  description: 'announcements get their history partition (GSI3)',
  filter: {
    expression: '#type = :notice AND kind = :announcement AND attribute_not_exists(gsi3pk)',
    names: { '#type': 'type' },
    values: { ':notice': 'notice', ':announcement': 'announcement' },
  },
  concurrency: 10,
  migrate: async (item) => {
    try {
      await db().send(new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET gsi3pk = :partition, gsi3sk = :sort',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi3pk)',
        ExpressionAttributeValues: {
          ':partition': announcementKeys.historyPartition(String(item.event_id)),
          ':sort': announcementKeys.historySort(String(item.created_at), String(item.id)),
        },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
};
