import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { testApp } from './test-app.ts';

/**
 * Synthesizes the stack the way `cdk synth` does (cdk.json's context, so the same feature flags), minus
 * bundling (`aws:cdk:bundling-stacks: []` keeps esbuild out of the tests) and minus CDK's built-in
 * CloudFormation schema validation, which costs seconds per process; nag.test.ts runs a synth with it on.
 */
export function synthStack(extraContext: Record<string, unknown> = {}) {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = testApp({
    context: { ...cdkJson.context, ...extraContext, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = new EventPlanningStack(app, 'Test', { settings: settingsFromContext(app.node) });
  return { stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

/**
 * The stack's resources together with those of the HTTP API's routes (a nested stack, for CloudFormation's
 * 500 resources per stack), each of the nested template's parameters replaced by what the stack passes it:
 * a route's integration then names the function's alias as it would in one template.
 */
export function withApiRoutes(stack: EventPlanningStack, template: Template): Resources {
  const parent = template.toJSON().Resources as Resources;
  const nested = stack.httpApi.routesStack;
  const passed = (parent[stack.getLogicalId(nested.nestedStackResource as CfnElement)]?.Properties.Parameters ?? {}) as Record<string, unknown>;
  let routes = JSON.stringify(Template.fromStack(nested).toJSON().Resources);
  for (const [name, value] of Object.entries(passed)) routes = routes.replaceAll(JSON.stringify({ Ref: name }), JSON.stringify(value));
  return { ...parent, ...(JSON.parse(routes) as Resources) };
}
