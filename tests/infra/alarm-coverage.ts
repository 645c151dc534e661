import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, NestedStack, type Stack, Stage } from 'aws-cdk-lib';

/**
 * Reads the synthesized templates of a stack and its nested stacks and lists what an on-call engineer
 * would miss: a Lambda function without its errors, throttles and duration alarms, a dead-letter queue
 * without a depth alarm, a queue that drops what it cannot deliver, an async invocation without a
 * dead-letter destination, an alarm that tells nobody. Generic over the templates (not over the stack's
 * own lists), so a function or queue added any way at all is found.
 */
type Resource = { Type: string; Properties?: Record<string, unknown> };
type StackTemplate = { stack: Stack; path: string; resources: Record<string, Resource>; parameters: Record<string, unknown>; parent?: StackTemplate };
/** A resource of one template: `<stack path>/<logical id>`. */
type ResourceId = string;
type MetricRef = { namespace: unknown; metricName: unknown; dimensions: { Name: string; Value: unknown }[] };

export type SynthesizedStacks = { templates: StackTemplate[]; all: (type: string) => { id: ResourceId; template: StackTemplate; resource: Resource }[] };

export function synthesizedStacks(root: Stack): SynthesizedStacks {
  // The app's assembly as synthesized last (Template.fromStack leaves it), else now: one synthesis for
  // every stack, where Template.fromStack would synthesize the whole app again per stack.
  const assembly = (Stage.of(root) as Stage).synth();
  const templates: StackTemplate[] = [];
  const visit = (stack: Stack, parent?: StackTemplate) => {
    const template = JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as { Resources: Record<string, Resource> };
    const resources = template.Resources;
    let parameters: Record<string, unknown> = {};
    if (parent && stack instanceof NestedStack && stack.nestedStackResource) {
      // A nested stack gets the parent's references as parameters, filled in by its stack resource.
      const stackResource = parent.resources[parent.stack.getLogicalId(stack.nestedStackResource as CfnElement)];
      parameters = (stackResource?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    }
    const synthesized: StackTemplate = { stack, path: stack.node.path, resources, parameters, parent };
    templates.push(synthesized);
    for (const child of stack.node.findAll()) if (child instanceof NestedStack && child.nestedStackParent === stack) visit(child, synthesized);
  };
  visit(root);
  const all = (type: string) =>
    templates.flatMap((template) =>
      Object.entries(template.resources).filter(([, resource]) => resource.Type === type).map(([logicalId, resource]) => ({ id: `${template.path}/${logicalId}`, template, resource })),
    );
  return { templates, all };
}

/**
 * The resource a `Ref` or `Fn::GetAtt` points at, through nested stacks' parameters and through a Lambda
 * alias to its function (callers invoke the `live` alias, infra/constructs/function-releases.ts); undefined
 * for anything else.
 */
function referenced(value: unknown, template: StackTemplate | undefined): ResourceId | undefined {
  if (!template || value === null || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  const name = typeof ref === 'string' ? ref : Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
  if (name === undefined) return undefined;
  const resource = template.resources[name];
  if (resource?.Type === 'AWS::Lambda::Alias') return referenced(resource.Properties?.FunctionName, template);
  if (resource) return `${template.path}/${name}`;
  if (name in template.parameters) return referenced(template.parameters[name], template.parent);
  return undefined;
}

function metricsOf(alarm: Record<string, unknown>): MetricRef[] {
  const single = alarm.MetricName ? [{ namespace: alarm.Namespace, metricName: alarm.MetricName, dimensions: (alarm.Dimensions ?? []) as MetricRef['dimensions'] }] : [];
  const queries = (alarm.Metrics ?? []) as { MetricStat?: { Metric: { Namespace: unknown; MetricName: unknown; Dimensions?: MetricRef['dimensions'] } } }[];
  return [
    ...single,
    ...queries.flatMap((query) => (query.MetricStat ? [{ namespace: query.MetricStat.Metric.Namespace, metricName: query.MetricStat.Metric.MetricName, dimensions: query.MetricStat.Metric.Dimensions ?? [] }] : [])),
  ];
}

/** `{ Ref }` / `{ Fn::GetAtt }` values of a dead-letter destination, wherever CloudFormation takes one. */
function deadLetterReferences(resource: Resource): unknown[] {
  const properties = resource.Properties ?? {};
  const at = (...path: string[]) => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), properties);
  switch (resource.Type) {
    case 'AWS::Events::Rule':
      return ((properties.Targets ?? []) as { DeadLetterConfig?: { Arn?: unknown } }[]).map((target) => target.DeadLetterConfig?.Arn);
    case 'AWS::Lambda::EventInvokeConfig':
    case 'AWS::Lambda::EventSourceMapping':
      return [at('DestinationConfig', 'OnFailure', 'Destination')];
    case 'AWS::SQS::Queue':
      return [at('RedrivePolicy', 'deadLetterTargetArn')];
    case 'AWS::Lambda::Function':
      return [at('DeadLetterConfig', 'TargetArn')];
    default:
      return [];
  }
}

const isDepthAlarm = (alarm: Record<string, unknown>) =>
  (alarm.ComparisonOperator === 'GreaterThanOrEqualToThreshold' && Number(alarm.Threshold) <= 1) ||
  (alarm.ComparisonOperator === 'GreaterThanThreshold' && Number(alarm.Threshold) < 1);

export type AlarmCoverage = {
  functions: ResourceId[];
  /** Custom-resource providers: functions CloudFormation alone invokes, during a stack operation. */
  customResourceProviders: ResourceId[];
  deadLetterQueues: ResourceId[];
  alarms: number;
  topics: ResourceId[];
  /** What is missing, one line each; empty when every function and queue has its alarms. */
  gaps: string[];
};

export function alarmCoverage(root: Stack): AlarmCoverage {
  const stacks = synthesizedStacks(root);
  const gaps: string[] = [];
  const alarms = stacks.all('AWS::CloudWatch::Alarm').map(({ id, template, resource }) => {
    const properties = resource.Properties ?? {};
    const metrics = metricsOf(properties).map((metric) => ({
      ...metric,
      on: new Set(metric.dimensions.map((dimension) => referenced(dimension.Value, template)).filter((ref) => ref !== undefined)),
    }));
    const actions = (key: 'AlarmActions' | 'OKActions') => ((properties[key] ?? []) as unknown[]).map((action) => referenced(action, template));
    return { id, properties, metrics, alarmActions: actions('AlarmActions'), okActions: actions('OKActions') };
  });
  const alarmsOn = (resourceId: ResourceId, namespace: string, metricName: string) =>
    alarms.filter((alarm) => alarm.metrics.some((metric) => metric.namespace === namespace && metric.metricName === metricName && metric.on.has(resourceId)));

  // A custom resource's provider runs only inside a stack operation (CDK's auto-delete of a development
  // bucket's objects): a failure fails that deployment or deletion, where the operator is looking, and an
  // alarm on it would go with the stack it is deleting. Every other function needs its alarms.
  const providers = new Set(stacks.templates.flatMap((template) =>
    Object.values(template.resources)
      .filter((resource) => resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource')
      .map((resource) => referenced(resource.Properties?.ServiceToken, template))
      .filter((ref) => ref !== undefined)));
  const functions = stacks.all('AWS::Lambda::Function').filter((fn) => !providers.has(fn.id));
  for (const { id, resource } of functions) {
    for (const metricName of ['Errors', 'Throttles', 'Duration']) {
      const found = alarmsOn(id, 'AWS/Lambda', metricName);
      if (found.length === 0) gaps.push(`${id}: no ${metricName} alarm`);
      const timeoutMs = Number(resource.Properties?.Timeout ?? 3) * 1000;
      if (metricName === 'Duration' && found.length > 0 && !found.some((alarm) => Number(alarm.properties.Threshold) < timeoutMs)) gaps.push(`${id}: its Duration alarm is not below its ${timeoutMs} ms timeout`);
    }
  }

  // Every rule target that is a function is invoked asynchronously: a dead-letter queue for what
  // EventBridge cannot deliver, an on-failure destination for what the function throws on.
  const functionIds = new Set(functions.map((fn) => fn.id));
  const onFailure = new Set(stacks.all('AWS::Lambda::EventInvokeConfig').flatMap(({ template, resource }) =>
    deadLetterReferences(resource).some((ref) => referenced(ref, template)) ? [referenced(resource.Properties?.FunctionName, template)] : []));
  for (const { id, template, resource } of stacks.all('AWS::Events::Rule')) {
    for (const target of (resource.Properties?.Targets ?? []) as { Id: string; Arn: unknown; DeadLetterConfig?: { Arn?: unknown } }[]) {
      const fn = referenced(target.Arn, template);
      if (!fn || !functionIds.has(fn)) continue;
      if (!referenced(target.DeadLetterConfig?.Arn, template)) gaps.push(`${id}: its target ${fn} has no dead-letter queue`);
      if (!onFailure.has(fn)) gaps.push(`${fn}: invoked asynchronously by ${id} without an on-failure destination`);
    }
  }

  const deadLetterQueues = new Set(stacks.templates.flatMap((template) =>
    Object.values(template.resources).flatMap((resource) => deadLetterReferences(resource).map((ref) => referenced(ref, template)).filter((ref) => ref !== undefined))));
  for (const { id, resource } of stacks.all('AWS::SQS::Queue')) {
    if (deadLetterQueues.has(id)) {
      if (!alarmsOn(id, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible').some((alarm) => isDepthAlarm(alarm.properties))) gaps.push(`${id}: a dead-letter queue without an alarm at its first message`);
    } else if (!resource.Properties?.RedrivePolicy) {
      gaps.push(`${id}: neither a dead-letter queue nor one with a redrive policy (what it cannot deliver is dropped)`);
    }
  }

  const topics = stacks.all('AWS::SNS::Topic').map((topic) => topic.id);
  for (const alarm of alarms) {
    for (const [kind, actions] of [['alarm', alarm.alarmActions], ['OK', alarm.okActions]] as const) {
      if (!actions.some((action) => action !== undefined && topics.includes(action))) gaps.push(`${alarm.id}: no ${kind} action on the alarm topic`);
    }
  }
  return { functions: [...functionIds], customResourceProviders: [...providers], deadLetterQueues: [...deadLetterQueues], alarms: alarms.length, topics, gaps };
}
