import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiGatewayAccountStack } from '../../infra/account-stack.ts';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { routeKey, routes } from '../../shared/routes.ts';
import { testApp } from './test-app.ts';

/**
 * cdk-nag 3 is a CDK validation plugin: `cdk synth` fails on an unacknowledged error. Here the pack runs
 * directly on the construct tree (validateScope), which reports errors and warnings alike, so both must
 * be zero. Acknowledgements are `Validations.of(construct).acknowledge({ id, reason })`.
 */
function synth(stage: string) {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  // prod requires a log-archive destination in another account (infra/settings.ts).
  const archive = stage === 'prod' ? { logArchiveDestinationArn: 'arn:aws:logs:us-east-1:111122223333:destination:event-planning-logs' } : {};
  const app = testApp({ context: { ...cdkJson.context, ...archive, stage, 'aws:cdk:bundling-stacks': [] } });
  // `cdk synth` runs with a region (infra/app.ts), which makes ARNs literal; dev checks the env-less form.
  const env = stage === 'prod' ? { region: 'us-east-1' } : undefined;
  return new EventPlanningStack(app, `Nag-${stage}`, { settings: settingsFromContext(app.node), env });
}

/** Every acknowledgement in the tree: rule id, reason and the construct it sits on. */
function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          // CDK stores ids with the prefix of their kind ('Annotation::'); cdk-nag matches without it.
          id: id.replace(/^annotation::/i, ''),
          reason: String(reason),
          path: construct.node.path,
        })),
      ),
  );
}

const findings = (report: PolicyValidationPluginReport) =>
  report.violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity,
    at: violation.violatingResources.map((resource) => resource.constructPath),
  }));

describe.each(['dev', 'prod'])('cdk-nag AwsSolutions on the %s stack', (stage) => {
  let stack: EventPlanningStack;
  let report: PolicyValidationPluginReport;

  beforeAll(() => {
    stack = synth(stage);
    report = new AwsSolutionsChecks().validateScope(stack);
  });

  it('has no unacknowledged errors or warnings', () => {
    expect(findings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a real reason', () => {
    const all = acknowledgements(stack);

    expect(all.length).toBeGreaterThan(0);
    for (const acknowledgement of all) {
      expect(acknowledgement.id, acknowledgement.path).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(acknowledgement.reason.length, `${acknowledgement.id} at ${acknowledgement.path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('acknowledges APIG4 on the public routes only: protected routes pass it with their authorizer', () => {
    for (const route of routes) {
      const created = stack.httpApi.routesByKey.get(routeKey(route)) as IConstruct;
      const acknowledged = acknowledgements(created).map((entry) => entry.id);

      expect(acknowledged, routeKey(route)).toEqual(route.access === 'public' ? ['AwsSolutions-APIG4'] : []);
    }
  });
});

describe('cdk-nag AwsSolutions on the account stack', () => {
  it('has no unacknowledged findings', () => {
    const report = new AwsSolutionsChecks().validateScope(new ApiGatewayAccountStack(testApp(), 'NagAccount'));

    expect(findings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('the AwsSolutions checks', () => {
  it('pass as a validation plugin during synth, as infra/app.ts registers them, and CDK reports nothing either', () => {
    const stack = synth('dev');
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

    const assembly = app.synth();

    // The report lists only plugins with findings: cdk-nag and CDK's built-in CloudFormation schema check.
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  }, 240_000); // the schema check compiles a WebAssembly engine once per process: seconds, minutes while the other infra files synthesize beside it

  it('report an unacknowledged finding (so an empty report above means something)', () => {
    const stack = new Stack(testApp(), 'Probe');
    new Secret(stack, 'UnrotatedSecret');

    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations.map((violation) => violation.ruleName)).toContain('AwsSolutions-SMG4');
    expect(report.success).toBe(false);
  });
});
