import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiGatewayAccountStack } from './account-stack.ts';
import { settingsFromContext } from './settings.ts';
import { EventPlanningStack } from './stack.ts';

/**
 * `npx cdk synth|deploy [-c stage=prod] [-c corsAllowedOrigins=https://a.example,https://b.example]
 * [-c sesIdentity=example.com] [-c sesConfigurationSet=name] [-c publicBaseUrl=https://...]
 * [-c edge=true -c domainName=api.example.com -c certificateArn=arn:aws:acm:us-east-1:... [-c hostedZoneId=Z... -c hostedZoneName=example.com]]`.
 * With edge=true the stack must be deployed in us-east-1 (docs/runbooks/deploy.md, "CloudFront and WAF in front").
 * cdk-nag's AwsSolutions pack runs on every synth (a CDK validation plugin in cdk-nag 3); an unacknowledged
 * error fails it.
 */
const app = new App();
const settings = settingsFromContext(app.node);
// Unset offline: the stacks are then environment-agnostic and resolve account and region at deploy time.
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

// Once per account and region, whatever the stage (`npx cdk deploy EventPlanningAccount`).
new ApiGatewayAccountStack(app, 'EventPlanningAccount', { description: 'Event planning: API Gateway account settings (once per account and region)', env });

new EventPlanningStack(app, `EventPlanning-${settings.stage}`, {
  settings,
  description: `Event planning API (${settings.stage})`,
  env,
});

Tags.of(app).add('project', 'event-planning');
Tags.of(app).add('stage', settings.stage);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
