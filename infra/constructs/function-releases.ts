import { Validations } from 'aws-cdk-lib';
import { type ILambdaDeploymentConfig, LambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Alias } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DeploymentStrategy } from '../settings.ts';

/** The alias every caller of a function invokes (API integrations, authorizers, rules, rotations): never $LATEST. */
export const LIVE_ALIAS = 'live';

/** What each strategy of the settings means to CodeDeploy. */
const deploymentConfigs: Record<DeploymentStrategy, ILambdaDeploymentConfig> = {
  canary: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  linear: LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  'all-at-once': LambdaDeploymentConfig.ALL_AT_ONCE,
};

export type FunctionReleasesProps = { strategy: DeploymentStrategy };

/**
 * How a new version of any function reaches its callers: one CodeDeploy application and service role for
 * the stack, and per function a deployment group that shifts its `live` alias to the version a deploy
 * published, by the stage's strategy. A group rolls the alias back when its deployment fails, is stopped,
 * or one of its alarms goes off (the function's release-errors alarm, infra/constructs/function-alarms.ts,
 * added once the alarms exist); CloudFormation then rolls the whole stack update back.
 */
export class FunctionReleases extends Construct {
  readonly application: LambdaApplication;
  readonly role: Role;
  readonly strategy: DeploymentStrategy;
  private readonly deploymentConfig: ILambdaDeploymentConfig;

  constructor(scope: Construct, id: string, props: FunctionReleasesProps) {
    super(scope, id);
    this.strategy = props.strategy;
    this.deploymentConfig = deploymentConfigs[props.strategy];
    this.application = new LambdaApplication(this, 'Application');
    // One role for every group instead of CDK's one per group: 30 roles fewer in a stack near CloudFormation's 500 resources.
    this.role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
      description: "CodeDeploy shifts the functions' live aliases and reads their rollback alarms",
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason: "CDK's LambdaDeploymentGroup attaches AWS's policy for CodeDeploy on Lambda (get and update an alias, describe alarms, publish to CodeDeployTopic_* topics, invoke CodeDeployHook_* functions); the Limited variant, without lambda:InvokeFunction on every function.",
    });
  }

  /** The deployment group that shifts this alias; its alarms are added by the function's alarms. */
  deploymentGroup(scope: Construct, alias: Alias): LambdaDeploymentGroup {
    return new LambdaDeploymentGroup(scope, 'Deployment', {
      application: this.application,
      alias,
      role: this.role,
      deploymentConfig: this.deploymentConfig,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
