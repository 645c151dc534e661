import { Duration, type RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnRotationSchedule, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ApiFunction } from './api-function.ts';

/**
 * The access tokens' keys (shared/auth/key-set.ts): the private key set, read by the issuer only; the
 * published public keys, read by every verifier; and the function that rotates them every 30 days. Both
 * secrets start as empty sets: the rotation runs once when the schedule is created, which makes the first
 * key pair, so no key is ever written into the template.
 */
export const ROTATION_INTERVAL_DAYS = 30;

const EMPTY_SET = SecretValue.unsafePlainText('{"keys":[]}');

export type TokenKeysProps = { removalPolicy: RemovalPolicy; logRemovalPolicy: RemovalPolicy };

export class TokenKeys extends Construct {
  readonly signingKeys: Secret;
  readonly verificationKeys: Secret;
  readonly rotationFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: TokenKeysProps) {
    super(scope, id);
    this.signingKeys = new Secret(this, 'SigningKeys', {
      description: 'ES256 private keys that sign access tokens (the first signs); read by the auth function only',
      secretStringValue: EMPTY_SET,
      removalPolicy: props.removalPolicy,
    });
    this.verificationKeys = new Secret(this, 'VerificationKeys', {
      description: 'The public keys (JWKS) every verifier of access tokens reads; written by the rotation only',
      secretStringValue: EMPTY_SET,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.verificationKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Public keys, rewritten by the rotation of the signing keys (setSecret step) each time those rotate; it has no secret of its own to rotate.',
    });

    this.rotationFunction = new ApiFunction(this, 'RotationFunction', {
      entry: 'key-rotation',
      description: 'the rotation of the access-token signing keys (Secrets Manager, every 30 days)',
      memorySize: 256,
      timeout: Duration.seconds(30),
      logRemovalPolicy: props.logRemovalPolicy,
    });
    const rotation = this.rotationFunction.function;
    // config() requires TABLE_NAME at cold start; the rotation never calls DynamoDB (see bindTable 'none').
    rotation.addEnvironment('TABLE_NAME', 'none');
    rotation.addEnvironment('TOKEN_VERIFICATION_KEYS_SECRET_ARN', this.verificationKeys.secretArn);
    // By hand rather than `addRotationSchedule`, which also grants secretsmanager:GetRandomPassword on `*`:
    // keys come from the function's own generator, so it gets the four calls of a rotation and nothing else.
    rotation.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [this.signingKeys.secretArn],
      }),
    );
    rotation.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [this.verificationKeys.secretArn] }));
    rotation.addPermission('InvokedBySecretsManager', {
      principal: new ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: this.signingKeys.secretArn,
    });
    const schedule = new CfnRotationSchedule(this, 'Rotation', {
      secretId: this.signingKeys.secretArn,
      rotationLambdaArn: rotation.functionArn,
      rotationRules: { scheduleExpression: `rate(${ROTATION_INTERVAL_DAYS} days)` },
      rotateImmediatelyOnUpdate: true,
    });
    // The first rotation runs as the schedule is created: the function must already be invocable and allowed.
    schedule.node.addDependency(rotation, this.rotationFunction.role);
  }
}
