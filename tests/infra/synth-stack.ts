import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { testApp } from './test-app.ts';

/**
 * A production stage's context, with its parameters set: prod requires a log-archive destination in another
 * account (infra/settings.ts). The infra files check prod in us-east-1, as `cdk synth` gives a region.
 */
export const prodContext = {
  stage: 'prod',
  sesConfigurationSet: 'planner-mail',
  corsAllowedOrigins: 'https://a.example.com, https://b.example.com',
  logArchiveDestinationArn: 'arn:aws:logs:us-east-1:111122223333:destination:event-planning-logs',
};

type Synthesized = { stack: EventPlanningStack; template: Template };

/**
 * The stacks built so far in this process, one per distinct context and region. The test files share a
 * process (vitest.config.ts's `isolate: false`), so the infra files that read the dev stack (stack, edge,
 * releases, function-calls, alarm-coverage, nag) build and synthesize it once per process, not once each:
 * seconds of CPU per synthesis. What these return is read-only: the template's JSON is frozen (an in-place
 * `sort()` or assignment throws), and a test that adds to a stack or synthesizes it differently (a
 * validation plugin, another region) builds its own App with testApp().
 */
const built = new Map<string, EventPlanningStack>();
const synthesized = new WeakMap<EventPlanningStack, Template>();

/**
 * The stack as `cdk synth` builds it (cdk.json's context, so the same feature flags), minus bundling
 * (`aws:cdk:bundling-stacks: []` keeps esbuild out of the tests) and minus CDK's built-in CloudFormation
 * schema validation, which costs seconds per process (tests/infra/template-validation.test.ts runs the
 * synths with it on). Not synthesized: for the checks that walk the construct tree (cdk-nag).
 * A context that cannot work throws, every time (nothing is kept).
 */
export function stackFor(extraContext: Record<string, unknown> = {}, region?: string): EventPlanningStack {
  const key = JSON.stringify([extraContext, region ?? null]);
  let stack = built.get(key);
  if (!stack) {
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const app = testApp({
      context: { ...cdkJson.context, ...extraContext, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    stack = new EventPlanningStack(app, 'Test', { settings: settingsFromContext(app.node), env: region ? { region } : undefined });
    built.set(key, stack);
  }
  return stack;
}

/** The stack of stackFor and its synthesized template, synthesized once per process. */
export function synthStack(extraContext: Record<string, unknown> = {}, region?: string): Synthesized {
  const stack = stackFor(extraContext, region);
  let template = synthesized.get(stack);
  if (!template) {
    template = Template.fromStack(stack);
    deepFreeze(template.toJSON());
    synthesized.set(stack, template);
  }
  return { stack, template };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
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
