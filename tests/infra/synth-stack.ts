import { readFileSync } from 'node:fs';
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
