import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { prodContext } from './synth-stack.ts';
import { testApp } from './test-app.ts';

/**
 * Issue 16's "cfn-lint 0 errors", offline: aws-cdk-lib ships CloudFormation Validate, the cfn-lint rules
 * (their numbering: E/W/F3xxx) over the CloudFormation resource provider schemas, as the validation
 * plugin every synth runs. cdk.json's `@aws-cdk/core:validateAgainstDefaultRules` makes its findings
 * errors (schema errors; cfn-lint's W rules stay warnings), so `npx cdk synth` fails on one. Here: each shape of the stack (dev, prod, dev with the edge)
 * synthesizes with no finding at all, and a broken resource is found (so an empty report means something).
 * Every synth with the validation on is in this file: its engine costs ~9 CPU-seconds to start, once per
 * process (a WebAssembly module and its rules), then about a second per stack.
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
  ['prod', prodContext, 'us-east-1'],
  ['dev with the CloudFront + WAF edge', {
    edge: 'true', domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0f6a7c1e-1111-2222-3333-444455556666',
    hostedZoneId: 'Z0123456789ABC', hostedZoneName: 'example.com',
  }, 'us-east-1'],
];

describe('CloudFormation Validate (cfn-lint rules over the resource schemas)', () => {
  it('passes the dev stack with the AwsSolutions checks as a validation plugin during synth, as infra/app.ts registers them', () => {
    const app = testApp({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
    const stack = new EventPlanningStack(app, 'Nag-dev', { settings: settingsFromContext(app.node) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

    const assembly = app.synth();

    // The report lists only plugins with findings: cdk-nag and CDK's built-in CloudFormation schema check.
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  }, 240_000); // the first synth with the validation on starts its engine: seconds, minutes on a busy machine

  // dev without the edge: below, with the AwsSolutions checks as a plugin too (as infra/app.ts registers them).
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
