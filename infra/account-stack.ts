import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * What is one per AWS account and region, not per stage: API Gateway's CloudWatch role
 * (`AWS::ApiGateway::Account`), through which it writes every WebSocket and REST API's logs. In a stage's
 * stack, a second stage would take it over and deleting either stage would remove it from the other.
 * Deployed once per account and region, before the first stage (README, Deploying); the stage stacks
 * only use it.
 */
export class ApiGatewayAccountStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const cloudWatchRole = new Role(this, 'ApiGatewayLogsRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: "Lets API Gateway write the access logs of the account's WebSocket and REST APIs",
      inlinePolicies: {
        logs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              // AmazonAPIGatewayPushToCloudWatchLogs less its two reads of log contents (GetLogEvents,
              // FilterLogEvents): API Gateway only finds or makes a group and stream and writes to it.
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
              resources: ['*'],
            }),
          ],
        }),
      },
    });
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "API Gateway's CloudWatch role is one per account and region and writes the logs of every REST and WebSocket API of the account, whose log groups it cannot know; these are the write and describe actions of AWS's AmazonAPIGatewayPushToCloudWatchLogs policy, inline instead of managed, without its reads of log contents.",
    });
    new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: cloudWatchRole.roleArn });
  }
}
