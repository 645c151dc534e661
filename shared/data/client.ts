import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from '../aws/client-options.ts';
import { config } from '../config.ts';
import { traced } from '../observability/client-capture.ts';

/** One document client per container, created on first use. */
let documentClient: DynamoDBDocumentClient | undefined;

export function db(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { DYNAMODB_ENDPOINT } = config();
    const base = traced(new DynamoDBClient({
      ...awsClientOptions('dynamodb'),
      ...(DYNAMODB_ENDPOINT
        ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }));
    documentClient = DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

export const tableName = (): string => config().TABLE_NAME;

/** For tests and the benchmark: the raw client behind the document client (to add middleware). */
export function resetDbForTests(): void {
  documentClient = undefined;
}
