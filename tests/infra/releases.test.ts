import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiFunction } from '../../infra/constructs/api-function.ts';
import { RELEASE_ALARM_PERIOD_MINUTES } from '../../infra/constructs/function-alarms.ts';
import { LIVE_ALIAS } from '../../infra/constructs/function-releases.ts';
import type { EventPlanningStack } from '../../infra/stack.ts';
import { prodContext, synthStack, withApiRoutes } from './synth-stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; UpdatePolicy?: Record<string, unknown> };
type Synthesized = { stack: EventPlanningStack; resources: Record<string, Resource>; monitoring: Record<string, Resource> };

function synthesized(context: Record<string, unknown> = {}, region?: string): Synthesized {
  const { stack, template } = synthStack(context, region);
  return {
    stack,
    resources: withApiRoutes(stack, template) as Record<string, Resource>,
    monitoring: Template.fromStack(stack.monitoring).toJSON().Resources as Record<string, Resource>,
  };
}

const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const functionsOf = (stack: EventPlanningStack) => stack.node.findAll().filter((construct): construct is ApiFunction => construct instanceof ApiFunction);
const idOf = (stack: EventPlanningStack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** The deployment group an alias's CodeDeploy update policy names. */
function deploymentGroupOf(synth: Synthesized, fn: ApiFunction): Resource | undefined {
  const alias = synth.resources[idOf(synth.stack, fn.alias)];
  const update = alias?.UpdatePolicy?.CodeDeployLambdaAliasUpdate as { DeploymentGroupName: { Ref: string }; ApplicationName: { Ref: string } } | undefined;
  return update ? synth.resources[update.DeploymentGroupName.Ref] : undefined;
}

/** The release alarm a deployment group names, found in the Monitoring nested stack through its output. */
function alarmsOf(synth: Synthesized, group: Resource | undefined): Resource[] {
  const names = ((group?.Properties.AlarmConfiguration as { Alarms?: { Name: { 'Fn::GetAtt': [string, string] } }[] } | undefined)?.Alarms ?? []);
  const outputs = Template.fromStack(synth.stack.monitoring).toJSON().Outputs as Record<string, { Value: { Ref: string } }>;
  return names.map((name) => {
    const output = name.Name['Fn::GetAtt'][1].replace(/^Outputs\./, '');
    return synth.monitoring[outputs[output]?.Value.Ref ?? ''] as Resource;
  });
}

let dev: Synthesized;

beforeAll(() => {
  dev = synthesized();
});

describe('every function is released behind its live alias by CodeDeploy', () => {
  it('has a `live` alias on the version the deploy published, for every function of the stack', () => {
    const functions = functionsOf(dev.stack);
    const aliases = ofType(dev.resources, 'AWS::Lambda::Alias');

    expect(functions.length).toBeGreaterThan(25);
    expect(aliases).toHaveLength(functions.length);
    for (const fn of functions) {
      const alias = dev.resources[idOf(dev.stack, fn.alias)];
      const functionId = idOf(dev.stack, fn.function);
      const version = (alias?.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];

      expect(alias?.Properties).toMatchObject({ Name: LIVE_ALIAS, FunctionName: { Ref: functionId } });
      expect(dev.resources[version[0]]).toMatchObject({ Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: functionId } } });
      expect(version[1]).toBe('Version');
    }
  });

  it('gives every alias a deployment group with a config, auto-rollback on failure, stop and alarm, and its release-errors alarm', () => {
    const [[applicationId]] = ofType(dev.resources, 'AWS::CodeDeploy::Application') as [[string, Resource]];

    expect(ofType(dev.resources, 'AWS::CodeDeploy::DeploymentGroup')).toHaveLength(functionsOf(dev.stack).length);
    for (const fn of functionsOf(dev.stack)) {
      const group = deploymentGroupOf(dev, fn);
      const alarms = alarmsOf(dev, group);

      expect(group?.Properties).toMatchObject({
        ApplicationName: { Ref: applicationId },
        DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
        DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
        AlarmConfiguration: { Enabled: true },
        AutoRollbackConfiguration: { Enabled: true },
      });
      expect([...(group?.Properties.AutoRollbackConfiguration as { Events: string[] }).Events].sort()).toEqual(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST']);
      expect(alarms.length).toBeGreaterThanOrEqual(1);
      // Dimensioned by the alias, in the nested stack's parameters: FunctionName and Resource `<name>:live`.
      const [alarm] = alarms;
      expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Period: RELEASE_ALARM_PERIOD_MINUTES * 60, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const dimensions = alarm?.Properties.Dimensions as { Name: string; Value: unknown }[];
      expect(dimensions.map((dimension) => dimension.Name).sort()).toEqual(['FunctionName', 'Resource']);
      expect(JSON.stringify(dimensions.find((dimension) => dimension.Name === 'Resource')?.Value)).toMatch(new RegExp(`":${LIVE_ALIAS}"\\]\\]\\}$`));
    }
  });

  it('lets CodeDeploy work through one role of AWS\'s limited Lambda policy', () => {
    const roles = new Set(ofType(dev.resources, 'AWS::CodeDeploy::DeploymentGroup').map(([, group]) => JSON.stringify(group.Properties.ServiceRoleArn)));
    const [roleArn] = [...roles];
    const roleId = (JSON.parse(roleArn ?? '{}') as { 'Fn::GetAtt'?: [string] })['Fn::GetAtt']?.[0] ?? '';

    expect(roles.size).toBe(1);
    expect(JSON.stringify(dev.resources[roleId]?.Properties.AssumeRolePolicyDocument)).toContain('codedeploy.amazonaws.com');
    expect(JSON.stringify(dev.resources[roleId]?.Properties.ManagedPolicyArns)).toContain('service-role/AWSCodeDeployRoleForLambdaLimited');
  });

  it('points every caller at an alias, never at $LATEST: integrations, authorizers, rule targets, event source mappings, async configs, permissions, rotations', () => {
    const functionIds = new Set(functionsOf(dev.stack).map((fn) => idOf(dev.stack, fn.function)));
    const aliasIds = new Set(functionsOf(dev.stack).map((fn) => idOf(dev.stack, fn.alias)));
    const callers: Record<string, (resource: Resource) => unknown[]> = {
      'AWS::ApiGatewayV2::Integration': (resource) => [resource.Properties.IntegrationUri],
      'AWS::ApiGatewayV2::Authorizer': (resource) => [resource.Properties.AuthorizerUri],
      'AWS::Events::Rule': (resource) => (resource.Properties.Targets as { Arn: unknown }[]).map((target) => target.Arn),
      'AWS::Lambda::EventSourceMapping': (resource) => [resource.Properties.FunctionName],
      'AWS::Lambda::Permission': (resource) => [resource.Properties.FunctionName],
      'AWS::SecretsManager::RotationSchedule': (resource) => [resource.Properties.RotationLambdaARN],
    };
    const referencedIds = (value: unknown) => [...JSON.stringify(value).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((match) => match[1] as string);

    const calls = Object.entries(callers).flatMap(([type, targets]) =>
      ofType(dev.resources, type).flatMap(([id, resource]) => targets(resource).map((target) => ({ id, ids: referencedIds(target) }))),
    );
    const toFunctions = calls.filter((call) => call.ids.some((id) => functionIds.has(id) || aliasIds.has(id)));

    // 15 integrations, 2 authorizers, 10 rules, 2 rotations, and their permissions.
    expect(toFunctions.length).toBeGreaterThanOrEqual(60);
    for (const call of toFunctions) {
      expect({ id: call.id, unqualified: call.ids.filter((id) => functionIds.has(id)) }).toEqual({ id: call.id, unqualified: [] });
    }
    // An async invocation's retries and dead letters apply to the qualifier they name: the alias the rules invoke.
    const asyncConfigs = ofType(dev.resources, 'AWS::Lambda::EventInvokeConfig');
    expect(asyncConfigs).toHaveLength(ofType(dev.resources, 'AWS::Events::Rule').length);
    // CDK names the qualifier by the alias's ARN (its 8th part, `live`).
    for (const [, config] of asyncConfigs) expect(referencedIds(config.Properties.Qualifier).every((id) => aliasIds.has(id))).toBe(true);
    for (const [, config] of asyncConfigs) expect(referencedIds(config.Properties.Qualifier)).toHaveLength(1);
  });

  it('keeps reserved concurrency on the function, where it caps every version behind the alias', () => {
    const auth = dev.resources[idOf(dev.stack, dev.stack.groupFunctions.auth.function)];

    expect(auth?.Properties.ReservedConcurrentExecutions).toEqual(expect.any(Number));
    expect(ofType(dev.resources, 'AWS::Lambda::Alias').every(([, alias]) => alias.Properties.ProvisionedConcurrencyConfig === undefined)).toBe(true);
  });
});

describe('deployment strategy by stage', () => {
  const configsOf = (synth: Synthesized) => new Set(ofType(synth.resources, 'AWS::CodeDeploy::DeploymentGroup').map(([, group]) => group.Properties.DeploymentConfigName));

  it('shifts prod by canary (10% for 5 minutes), and takes linear or all-at-once when context asks', () => {
    // prod as deployed, in its region: the stack tests/infra/nag.test.ts checks (one build per process).
    expect(configsOf(synthesized(prodContext, 'us-east-1'))).toEqual(new Set(['CodeDeployDefault.LambdaCanary10Percent5Minutes']));
    expect(configsOf(synthesized({ deploymentStrategy: 'linear' }))).toEqual(new Set(['CodeDeployDefault.LambdaLinear10PercentEvery1Minute']));
    expect(configsOf(dev)).toEqual(new Set(['CodeDeployDefault.LambdaAllAtOnce']));
  }, 240_000);

  it('refuses a strategy it does not know', () => {
    expect(() => synthStack({ deploymentStrategy: 'blue-green' })).toThrow(/deploymentStrategy must be one of canary, linear, all-at-once/);
  });
});
