import { Duration, type RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnRotationSchedule, type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ApiFunction, type FunctionObservability } from './api-function.ts';
import type { FunctionReleases } from './function-releases.ts';

/**
 * The access tokens' keys (shared/auth/key-set.ts): the private key set, read by the issuer only; the
 * published public keys, read by every verifier; and the function that rotates them every 30 days (and,
 * through `rotateAlso`, the sealing key set every 90, docs/token-keys.md). Both
 * secrets start as empty sets: the rotation runs once when the schedule is created, which makes the first
 * key pair, so no key is ever written into the template.
 */
export const ROTATION_INTERVAL_DAYS = 30;
/** The sealing key set's cryptoperiod for sealing: a new key seals every 90 days (older ones only open, until retired). */
export const SEALING_ROTATION_INTERVAL_DAYS = 90;

const EMPTY_SET = SecretValue.unsafePlainText('{"keys":[]}');

export type TokenKeysProps = { removalPolicy: RemovalPolicy; logRemovalPolicy: RemovalPolicy; observability: FunctionObservability; releases: FunctionReleases };

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
      description: 'the rotation of the access-token signing keys (every 30 days) and the sealing key set (every 90), for Secrets Manager',
      memorySize: 256,
      timeout: Duration.seconds(30),
      logRemovalPolicy: props.logRemovalPolicy,
      observability: props.observability,
      releases: props.releases,
    });
    const rotation = this.rotationFunction.function;
    // config() requires TABLE_NAME at cold start; the rotation never calls DynamoDB (see bindTable 'none').
    rotation.addEnvironment('TABLE_NAME', 'none');
    rotation.addEnvironment('TOKEN_VERIFICATION_KEYS_SECRET_ARN', this.verificationKeys.secretArn);
    rotation.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [this.verificationKeys.secretArn] }));
    this.rotate('Rotation', this.signingKeys, { everyDays: ROTATION_INTERVAL_DAYS, rotateImmediately: true });
  }

  /**
   * Rotates one more key secret with the same function (the sealing key set: shared/auth/key-rotation.ts
   * tells them apart by SecretId), under the variable that names it to the function.
   */
  rotateAlso(id: string, secret: ISecret, options: { everyDays: number; variable: string }): void {
    this.rotationFunction.function.addEnvironment(options.variable, secret.secretArn);
    this.rotate(id, secret, { everyDays: options.everyDays, rotateImmediately: false });
  }

  private rotate(id: string, secret: ISecret, options: { everyDays: number; rotateImmediately: boolean }): void {
    const rotation = this.rotationFunction.function;
    // By hand rather than `addRotationSchedule`, which also grants secretsmanager:GetRandomPassword on `*`:
    // keys come from the function's own generator, so it gets the four calls of a rotation and nothing else.
    rotation.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [secret.secretArn],
      }),
    );
    // Secrets Manager invokes the released version, like every other caller.
    this.rotationFunction.alias.addPermission(`InvokedBySecretsManager${id === 'Rotation' ? '' : id}`, {
      principal: new ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: secret.secretArn,
    });
    const schedule = new CfnRotationSchedule(this, id, {
      secretId: secret.secretArn,
      rotationLambdaArn: this.rotationFunction.alias.functionArn,
      rotationRules: { scheduleExpression: `rate(${options.everyDays} days)` },
      rotateImmediatelyOnUpdate: options.rotateImmediately,
    });
    // A rotation may run as the schedule is created: the function must already be invocable and allowed.
    schedule.node.addDependency(this.rotationFunction.alias, this.rotationFunction.role);
  }
}
