import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { prodContext } from './synth-stack.ts';
import { testApp } from './test-app.ts';

/**
 * Issue 16's "cfn-lint 0 errors", offline: aws-cdk-lib ships CloudFormation Validate, the cfn-lint rules
 * (their numbering: E/W/F3xxx) over the CloudFormation resource provider schemas, as the validation
 * plugin every synth runs. cdk.json's `@aws-cdk/core:validateAgainstDefaultRules` makes its findings
 * errors (schema errors; cfn-lint's W rules stay warnings), so `npx cdk synth` fails on one. Here: each shape of the stack (dev, prod, dev with the edge)
 * synthesizes with no finding at all, with the AwsSolutions checks registered as infra/app.ts registers
 * them, and a broken resource is found (so an empty report means something).
 *
 * Every synth with the validation on is in this file, and the three shapes are one synth: each shape is a
 * stage of one App with its own context, so the validation's engine starts once (~9 CPU-seconds per
 * process: a WebAssembly module and its rules) for the resource types of all three, where an App per
 * shape restarted it for each new set of types (4 CPU-seconds more for the three).
 */
const cdkContext = () => (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

type Report = { pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingConstructs: { constructPath: string }[] }[] }[] };

const shapes: [string, string, Record<string, unknown>, string | undefined][] = [
  // dev as cdk.json has it, without a region (the env-less form).
  ['dev', 'Dev', {}, undefined],
  ['prod', 'Prod', prodContext, 'us-east-1'],
  ['dev with the CloudFront + WAF edge', 'Edge', {
    edge: 'true', domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0f6a7c1e-1111-2222-3333-444455556666',
    hostedZoneId: 'Z0123456789ABC', hostedZoneName: 'example.com',
  }, 'us-east-1'],
];

describe('CloudFormation Validate (cfn-lint rules over the resource schemas) and the AwsSolutions checks, during synth', () => {
  const stacks = new Map<string, EventPlanningStack>();
  const messages = new Map<string, SynthesisMessage[]>();
  let findings: string[];

  beforeAll(() => {
    const app = testApp({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
    for (const [shape, id, context, region] of shapes) {
      const stage = new Stage(app, id, { env: region ? { region } : undefined });
      for (const [name, value] of Object.entries(context)) stage.node.setContext(name, value);
      stacks.set(shape, new EventPlanningStack(stage, 'Validated', { settings: settingsFromContext(stage.node) }));
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

    // Validation errors fail this synth (the project's flag): the message names the report.
    const assembly = app.synth();

    // The report lists only plugins with findings: cdk-nag and CDK's built-in CloudFormation schema check.
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as Report;
    // What Annotations.fromStack reads, from this synth (it synthesizes the whole App again, validation and all).
    for (const [shape, stack] of stacks) messages.set(shape, assembly.getNestedAssembly((Stage.of(stack) as Stage).artifactId).getStackArtifact(stack.artifactId).messages);
    findings = report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => `${plugin.pluginName} ${violation.ruleName}: ${violation.description} at ${violation.violatingConstructs.map((construct) => construct.constructPath).join(', ')}`));
  }, 240_000); // the engine starts: seconds, minutes on a busy machine

  it.each(shapes)('finds nothing in the %s stack, and CDK reports nothing on it either', (shape, id) => {
    const stack = stacks.get(shape) as EventPlanningStack;
    const annotations = messages.get(shape) as SynthesisMessage[];

    expect(stack.node.path).toBe(`${id}/Validated`);
    expect(findings.filter((finding) => finding.includes(` ${id}/`))).toEqual([]);
    expect(annotations.filter((message) => message.level === 'error')).toEqual([]);
    expect(annotations.filter((message) => message.level === 'warning')).toEqual([]);
  });

  it('finds nothing at all (no finding outside the three stacks either)', () => {
    expect(findings).toEqual([]);
  });

  it('fails the synth on a property the resource schema does not have, with the project\'s flag', () => {
    const app = testApp({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
    new CfnResource(new Stack(app, 'Probe'), 'Broken', { type: 'AWS::S3::Bucket', properties: { VersioningConfig: { Status: 'Enabled' } } });

    // F3002, an error: without the flag CDK would only warn.
    expect(() => app.synth()).toThrow(/CloudFormation-Validate::F3002/);
  }, 180_000);

  it('validates a stack inside a stage as well (so the three shapes above are validated at all)', () => {
    const app = testApp({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
    new CfnResource(new Stack(new Stage(app, 'Staged'), 'Probe'), 'Broken', { type: 'AWS::S3::Bucket', properties: { VersioningConfig: { Status: 'Enabled' } } });

    expect(() => app.synth()).toThrow(/CloudFormation-Validate::F3002/);
  }, 180_000);
});
