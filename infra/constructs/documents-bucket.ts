import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * The documents bucket and the bucket its server access logs go to. Each document version is its own
 * object (the table holds the history), so bucket versioning is a safety net against an overwrite or a
 * delete by mistake, and old versions expire. In production both buckets are kept when the stack is
 * deleted: they hold contracts and the record of who fetched them, which a stack deletion must not take
 * along. A development stage's buckets hold test uploads only: they are emptied and deleted with the
 * stack (CDK's auto-delete custom resource), so `cdk destroy` leaves nothing behind (docs/runbooks/deploy.md).
 */
export function createDocumentsBucket(scope: Construct, options: { corsAllowedOrigins: string[]; production: boolean }): Bucket {
  const removal = options.production
    ? { removalPolicy: RemovalPolicy.RETAIN }
    : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };
  const accessLogs = new Bucket(scope, 'DocumentsAccessLogs', {
    // Server access log delivery supports SSE-S3 only.
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    ...removal,
  });
  Validations.of(accessLogs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log bucket of the documents bucket; logging it into itself would log its own log deliveries without end.',
  });

  const documents = new Bucket(scope, 'Documents', {
    versioned: true,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1), expiredObjectDeleteMarker: true },
    ],
    // The browser PUTs and GETs through presigned URLs straight from the frontend's origin.
    cors: [
      {
        allowedOrigins: options.corsAllowedOrigins,
        allowedMethods: [HttpMethods.GET, HttpMethods.PUT],
        allowedHeaders: ['Content-Type'],
        exposedHeaders: ['ETag'],
        maxAge: 600,
      },
    ],
    ...removal,
  });

  // Access logging wired by hand: CDK's `serverAccessLogsBucket` grants delivery through the legacy
  // LogDeliveryWrite ACL unless a feature flag cdk.json does not set is on; AWS recommends ACLs off and a
  // bucket policy for the logging service, limited to this source bucket and account.
  const prefix = 'documents/';
  (documents.node.defaultChild as CfnBucket).loggingConfiguration = { destinationBucketName: accessLogs.bucketName, logFilePrefix: prefix };
  accessLogs.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects(`${prefix}*`)],
      conditions: { ArnLike: { 'aws:SourceArn': documents.bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  return documents;
}
