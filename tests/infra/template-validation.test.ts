import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { testApp } from './test-app.ts';

/**
 * Issue 16's "cfn-lint 0 errors", offline: aws-cdk-lib ships CloudFormation Validate, the cfn-lint rules
 * (their numbering: E/W/F3xxx) over the CloudFormation resource provider schemas, as the validation
 * plugin every synth runs. cdk.json's `@aws-cdk/core:validateAgainstDefaultRules` makes its findings
 * errors (schema errors; cfn-lint's W rules stay warnings), so `npx cdk synth` fails on one. Here: each shape of the stack (dev, prod, dev with the edge)
 * synthesizes with no finding at all, and a broken resource is found (so an empty report means something).
 */
const cdkContext = () => (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

type Report = { pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingConstructs: { constructPath: string }[] }[] }[] };

/** Synthesizes with the built-in validation on (the CLI's default) and returns its findings, one line each. */
function findings(app: App): string[] {
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as Report;
  return report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => `${plugin.pluginName} ${violation.ruleName}: ${violation.description} at ${violation.violatingConstructs.map((construct) => construct.constructPath).join(', ')}`));
}

const shapes: [string, Record<string, unknown>, string | undefined][] = [
  ['prod', { stage: 'prod', logArchiveDestinationArn: 'arn:aws:logs:us-east-1:111122223333:destination:event-planning-logs' }, 'us-east-1'],
  ['dev with the CloudFront + WAF edge', {
    edge: 'true', domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0f6a7c1e-1111-2222-3333-444455556666',
    hostedZoneId: 'Z0123456789ABC', hostedZoneName: 'example.com',
  }, 'us-east-1'],
];

describe('CloudFormation Validate (cfn-lint rules over the resource schemas)', () => {
  // dev without the edge: tests/infra/nag.test.ts synthesizes it with the validation on and expects no report.
  it.each(shapes)('finds nothing in the %s stack', (_shape, context, region) => {
    const app = testApp({ context: { ...cdkContext(), ...context, 'aws:cdk:bundling-stacks': [] } });
    new EventPlanningStack(app, 'Validated', { settings: settingsFromContext(app.node), env: region ? { region } : undefined });

    expect(findings(app)).toEqual([]);
  }, 180_000); // the engine compiles its WebAssembly once per process: seconds, more on a busy machine

  it('fails the synth on a property the resource schema does not have, with the project\'s flag', () => {
    const app = testApp({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
    new CfnResource(new Stack(app, 'Probe'), 'Broken', { type: 'AWS::S3::Bucket', properties: { VersioningConfig: { Status: 'Enabled' } } });

    // F3002, an error: without the flag CDK would only warn.
    expect(() => app.synth()).toThrow(/CloudFormation-Validate::F3002/);
  }, 180_000);
});
