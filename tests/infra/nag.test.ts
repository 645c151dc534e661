import { Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiGatewayAccountStack } from '../../infra/account-stack.ts';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventPlanningStack } from '../../infra/stack.ts';
import { routeKey, routes } from '../../shared/routes.ts';
import { prodContext, stackFor } from './synth-stack.ts';
import { testApp } from './test-app.ts';

/**
 * cdk-nag 3 is a CDK validation plugin: `cdk synth` fails on an unacknowledged error. Here the pack runs
 * directly on the construct tree (validateScope), which reports errors and warnings alike, so both must
 * be zero. Acknowledgements are `Validations.of(construct).acknowledge({ id, reason })`. The pack as a
 * plugin during a synth, as infra/app.ts registers it, is in tests/infra/template-validation.test.ts
 * (with CDK's own validation, whose engine costs seconds to start: once per process, in that file).
 */
// dev is cdk.json's stage, the stack the other infra files read (built once per process: synth-stack.ts).
// prod requires a log-archive destination in another account (infra/settings.ts); `cdk synth` runs with a
// region (infra/app.ts), which makes ARNs literal; dev checks the env-less form.
const stackOf = (stage: 'dev' | 'prod') => (stage === 'prod' ? stackFor(prodContext, 'us-east-1') : stackFor());

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

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions on the %s stack', (stage) => {
  let stack: EventPlanningStack;
  let report: PolicyValidationPluginReport;

  beforeAll(() => {
    stack = stackOf(stage);
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
  it('report an unacknowledged finding (so an empty report above means something)', () => {
    const stack = new Stack(testApp(), 'Probe');
    new Secret(stack, 'UnrotatedSecret');

    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations.map((violation) => violation.ruleName)).toContain('AwsSolutions-SMG4');
    expect(report.success).toBe(false);
  });
});
