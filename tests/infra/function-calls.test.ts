import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiFunction } from '../../infra/constructs/api-function.ts';
import { runtimeSdkExternals, stackFunctions } from '../../infra/function-bundles.ts';
import type { EventPlanningStack } from '../../infra/stack.ts';
import { functionGroups } from '../../shared/routes.ts';
import { type FunctionCalls, functionCallsOf } from './function-calls.ts';
import { synthStack } from './synth-stack.ts';

/**
 * Issue 16 item 4, least privilege: each function's role holds exactly the DynamoDB actions and indexes
 * its code calls, and SendEmail only where it calls SES. The calls are read from each function's bundle
 * (tests/infra/function-calls.ts), the grants from the synthesized template, so neither the declarations
 * in infra/function-needs.ts nor a new call in the code can drift from the other unnoticed.
 */
type Statement = { Action: string | string[]; Resource: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: EventPlanningStack;
let resources: Record<string, Resource>;
const stackEntries = stackFunctions();
const functionsOfStack = () => stack.node.findAll().filter((construct): construct is ApiFunction => construct instanceof ApiFunction);

/** The DynamoDB actions granted on the table, the indexes it may query, and whether it may send mail. */
function grantedTo(fn: ApiFunction): FunctionCalls {
  const roleRef = JSON.stringify({ Ref: stack.getLogicalId(fn.role.node.defaultChild as CfnElement) });
  const tableArn = JSON.stringify({ 'Fn::GetAtt': [stack.getLogicalId(stack.table.node.defaultChild as CfnElement), 'Arn'] });
  const statements = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && (resource.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === roleRef))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  const onTable = statements.filter((statement) => JSON.stringify(statement.Resource) === tableArn);
  const onIndexes = statements.filter((statement) => JSON.stringify(statement.Resource).includes('/index/'));
  return {
    actions: [...new Set(onTable.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:')).map((action) => action.slice('dynamodb:'.length)))].sort() as FunctionCalls['actions'],
    indexes: [...new Set(onIndexes.flatMap((statement) => [...JSON.stringify(statement.Resource).matchAll(/\/index\/(\w+)/g)].map((match) => match[1] as string)))].sort(),
    sendsEmail: statements.some((statement) => actionsOf(statement).includes('ses:SendEmail')),
  };
}

let allCalls: Map<string, FunctionCalls>;
function callsOf(fn: ApiFunction): FunctionCalls {
  const calls = allCalls.get(fn.entry);
  if (!calls) throw new Error(`functions/${fn.entry} was not bundled`);
  return calls;
}

// Our code's calls, with the SDK's own code left out of the bundles read (it is bundled in deploys): one
// build of every function, seconds, more on a loaded machine.
beforeAll(async () => {
  allCalls = await functionCallsOf(stackEntries.map((entry) => entry.entry), runtimeSdkExternals, functionGroups);
}, 600_000);

beforeAll(() => {
  const synthesized = synthStack();
  stack = synthesized.stack;
  resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
});

describe('each function holds exactly what its code calls', () => {
  it('checks every function of the stack', () => {
    expect(functionsOfStack().length).toBeGreaterThanOrEqual(28);
  });

  it.each(stackEntries.map((fn) => [fn.entry]))('%s: DynamoDB actions on the table, indexes, SendEmail', (entry) => {
    const fn = functionsOfStack().find((candidate) => candidate.entry === entry) as ApiFunction;

    const calls = callsOf(fn);

    expect(grantedTo(fn)).toEqual(calls);
  });

  it('no action on an index but Query, and no stream, table-wide or wildcard DynamoDB action anywhere', () => {
    const dynamodb = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));

    for (const statement of dynamodb.filter((candidate) => JSON.stringify(candidate.Resource).includes('/index/'))) expect(statement.Action).toBe('dynamodb:Query');
    // The stream's own actions are on the stream (the consumer's event source mapping reads it), never the table.
    const onStream = (statement: Statement) => JSON.stringify(statement.Resource).includes('StreamArn') || [statement.Action].flat().includes('dynamodb:ListStreams');
    const actions = new Set(dynamodb.filter((statement) => !onStream(statement)).flatMap((statement) => [statement.Action].flat()));
    expect([...actions].filter((action) => /\*|Stream|Records|Shard|Table$/.test(action) && action !== 'dynamodb:DescribeTable')).toEqual([]);
    expect(dynamodb.filter(onStream).flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);
  });
});

describe('the reading of the bundles', () => {
  it('finds calls, transaction items, queried indexes and SES where they are, and leaves out middleware a group never runs', () => {
    const byEntry = (entry: string) => callsOf(functionsOfStack().find((fn) => fn.entry === entry) as ApiFunction);

    // Not a vacuous match of two empty lists: what it reads is there to read.
    expect(byEntry('health')).toEqual({ actions: ['DescribeTable'], indexes: [], sendsEmail: false });
    expect((byEntry('guests')).indexes).toEqual(['gsi1', 'gsi2', 'gsi3']);
    // Reminders write ConditionCheck items in their transactions and never a lone ConditionCheck call.
    expect((byEntry('reminders')).actions).toContain('ConditionCheckItem');
    expect((byEntry('outbox')).sendsEmail).toBe(true);
    // The API reference's routes are public GETs: the session check, throttle and idempotency store of the
    // HTTP middleware are in its bundle but never run.
    expect(byEntry('docs')).toEqual({ actions: [], indexes: [], sendsEmail: false });
    expect((byEntry('notifications')).actions).toEqual(expect.arrayContaining(['BatchGetItem', 'UpdateItem', 'PutItem']));
  });
});
