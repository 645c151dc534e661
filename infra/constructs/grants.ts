import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { CfnApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IndexName } from '../../shared/data/table.ts';
import type { ApiFunction } from './api-function.ts';
import type { TokenKeys } from './token-keys.ts';

/**
 * Bindings: each one sets the environment variables shared/config.ts reads for a resource AND grants the
 * access mode the function needs, so a variable is never set without its permission or the reverse.
 * Actions are listed one by one (no wildcards); resources are the exact ARNs.
 */

/**
 * The DynamoDB actions a function may use on the table, each exactly as IAM names it. TransactWriteItems
 * has no action of its own: a transaction is authorized per item, as PutItem, UpdateItem, DeleteItem or
 * ConditionCheckItem. tests/infra/function-calls.test.ts reads each function's bundle and holds these to
 * the calls its code can make.
 */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem'
  | 'Scan'
  | 'DescribeTable';

/**
 * - none: config() requires TABLE_NAME at cold start, but the function never calls DynamoDB.
 * - actions: those on the table; indexes: the indexes it queries (Query on each, by name).
 */
export type TableUse = 'none' | { actions: readonly TableAction[]; indexes?: readonly IndexName[] };

export function bindTable(target: ApiFunction, table: ITable, use: TableUse): void {
  target.function.addEnvironment('TABLE_NAME', table.tableName);
  if (use === 'none') return;
  const actions = [...new Set(use.actions)].sort().map((action) => `dynamodb:${action}`);
  target.function.addToRolePolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
  const indexes = use.indexes ?? [];
  if (indexes.length === 0) return;
  if (!use.actions.includes('Query')) throw new Error(`${target.node.path}: indexes ${indexes.join(', ')} are declared without Query`);
  // Each index by name rather than `index/*`: the policy names exactly the indexes the function queries.
  target.function.addToRolePolicy(
    new PolicyStatement({ actions: ['dynamodb:Query'], resources: [...new Set(indexes)].sort().map((index) => `${table.tableArn}/index/${index}`) }),
  );
}

/**
 * Functions that handle access tokens: the verifiers get the published public keys, the issuer the
 * private keys as well. The secrets' ARNs (never their values) and read access to exactly those.
 */
export function bindTokenKeys(target: ApiFunction, keys: TokenKeys, use: 'sign' | 'verify'): void {
  target.function.addEnvironment('TOKEN_VERIFICATION_KEYS_SECRET_ARN', keys.verificationKeys.secretArn);
  keys.verificationKeys.grantRead(target.function);
  if (use === 'verify') return;
  target.function.addEnvironment('TOKEN_SIGNING_KEYS_SECRET_ARN', keys.signingKeys.secretArn);
  keys.signingKeys.grantRead(target.function);
}

/** Functions that seal or open codes kept in the table: the sealing secret's ARN and read access to it. */
export function bindSealingKey(target: ApiFunction, secret: ISecret): void {
  target.function.addEnvironment('SEALING_KEY_SECRET_ARN', secret.secretArn);
  secret.grantRead(target.function);
}

export type EmailSending = {
  identityArn: string;
  configurationSetArn: string;
  configurationSetName: string;
  fromAddress: string;
  publicBaseUrl: string;
};

/** Functions that build links to the public pages (RSVP, team invitations): where those pages are. */
export function bindPageLinks(target: ApiFunction, publicBaseUrl: string): void {
  target.function.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
}

/** Functions that send mail: the sender, the configuration set, the base URL for links, and SendEmail. */
export function bindEmailSending(target: ApiFunction, email: EmailSending): void {
  target.function.addEnvironment('SES_FROM_ADDRESS', email.fromAddress);
  target.function.addEnvironment('SES_CONFIGURATION_SET', email.configurationSetName);
  bindPageLinks(target, email.publicBaseUrl);
  target.function.addToRolePolicy(
    new PolicyStatement({
      // SES v2 SendEmail is authorized as ses:SendEmail (or ses:SendRawEmail for raw content), checked
      // against both the identity and the configuration set named in the call.
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [email.identityArn, email.configurationSetArn],
    }),
  );
}

/**
 * What each documents-bucket access mode may do to the objects under `events/`: `readWrite` the documents
 * group; `delete` the events group (deleting an event removes its document files too); `deleteVersions`
 * the malware scan recorder (it deletes an infected upload's own object version: the bucket is versioned).
 */
const documentsBucketActions = {
  readWrite: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
  delete: ['s3:DeleteObject'],
  deleteVersions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
} as const;

/**
 * Functions that store documents: the bucket's name, and exactly the object actions its presigned URLs and
 * deletes use (a presigned URL acts with the signer's permissions), on the bucket's objects only.
 * DeleteObjects is authorized per object as s3:DeleteObject.
 */
export function bindDocumentsBucket(target: ApiFunction, bucket: IBucket, access: keyof typeof documentsBucketActions): void {
  target.function.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
  const actions = [...documentsBucketActions[access]];
  target.function.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('events/*')] }));
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  Validations.of(target).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/events/*]`,
    reason: 'Object keys are made per document version at request time (events/<eventId>/documents/<docId>/v<n>), so the grant names the key prefix of every document and nothing else in the bucket.',
  });
}

/** HTTP groups answer CORS themselves too (middy), so they need the same origins as the API. */
export function bindCorsOrigins(target: ApiFunction, origins: string[]): void {
  target.function.addEnvironment('CORS_ALLOWED_ORIGINS', origins.join(','));
}

/**
 * Functions that push to WebSocket connections: the stage's management endpoint and ManageConnections on
 * its @connections resources. Connection ids exist only at run time, so the grant names every connection
 * of this one stage and nothing else.
 */
export function bindWebSocketManagement(target: ApiFunction, stage: WebSocketStage): void {
  target.function.addEnvironment('WEBSOCKET_ENDPOINT', stage.callbackUrl);
  stage.grantManagementApiAccess(target.function);
  const stack = Stack.of(stage);
  const apiId = stack.getLogicalId(stage.api.node.defaultChild as CfnApi);
  // cdk-nag names the resource as synthesized: partition and region are literals once the stack has an env.
  const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  Validations.of(target).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'Partition')}:execute-api:${shown(stack.region, 'Region')}:<AWS::AccountId>:<${apiId}>/${stage.stageName}/*/@connections/*]`,
    reason: 'PostToConnection and DeleteConnection name a connection id made by API Gateway at connect time, so the grant covers the connections of the one WebSocket stage only.',
  });
}

/**
 * Functions that publish domain events (after their commits, or from the outbox): the bus's name and
 * PutEvents on that one bus.
 */
export function bindEventBus(target: ApiFunction, bus: IEventBus): void {
  target.function.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  bus.grantPutEventsTo(target.function);
}
