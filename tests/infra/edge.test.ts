import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDGE_RULES } from '../../infra/constructs/api-edge.ts';
import { settingsFromContext } from '../../infra/settings.ts';
import { EventPlanningStack } from '../../infra/stack.ts';
import { synthStack } from './synth-stack.ts';
import { testApp } from './test-app.ts';

/**
 * Issue 16 item 7: the optional CloudFront + WAF front of the HTTP API, switched on by `-c edge=true`.
 * With it, the API's execute-api endpoint is off, so WAF is the only way in; without it, nothing of it exists.
 */
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] }; // any: CloudFormation properties of every resource type

const CERTIFICATE = 'arn:aws:acm:us-east-1:111122223333:certificate/0f6a7c1e-1111-2222-3333-444455556666';
const edgeContext = { edge: 'true', domainName: 'api.example.com', certificateArn: CERTIFICATE, hostedZoneId: 'Z0123456789ABC', hostedZoneName: 'example.com' };
/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER = '216adef6-5c7f-47e4-b989-5492eafa07d3';
const EDGE_TYPES = ['AWS::CloudFront::Distribution', 'AWS::WAFv2::WebACL', 'AWS::ApiGatewayV2::DomainName', 'AWS::ApiGatewayV2::ApiMapping', 'AWS::Route53::RecordSet'];

let withEdge: { stack: EventPlanningStack; template: Template };
let withoutEdge: Template;
const ofType = (template: Template, type: string) => Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, resource]) => resource.Type === type);
const httpApiOf = (template: Template) => ofType(template, 'AWS::ApiGatewayV2::Api').find(([, api]) => api.Properties.ProtocolType === 'HTTP')?.[1];

beforeAll(() => {
  // In us-east-1, where the edge must be deployed (and where `cdk synth` puts it: infra/app.ts gives a region).
  withEdge = synthStack(edgeContext, 'us-east-1');
  withoutEdge = synthStack().template;
});

describe('with edge=true', () => {
  it('blocks with a web ACL for CloudFront: AWS common rules (body size only counted), known bad inputs, a rate per address', () => {
    const acls = ofType(withEdge.template, 'AWS::WAFv2::WebACL');
    const acl = acls[0]?.[1].Properties;
    const rules = acl?.Rules as { Name: string; Priority: number; Statement: Record<string, any>; Action?: unknown; OverrideAction?: unknown }[];

    expect(acls).toHaveLength(1);
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(rules.map((rule) => rule.Name)).toEqual([...EDGE_RULES]);
    expect(rules[0]).toMatchObject({
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } },
    });
    expect(rules[1]).toMatchObject({ OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } });
    expect(rules[2]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } } });
  });

  it('puts the distribution on the API domain with the web ACL, every method, nothing cached, all of the request forwarded', () => {
    const [, distribution] = ofType(withEdge.template, 'AWS::CloudFront::Distribution')[0] ?? [];
    const config = distribution?.Properties.DistributionConfig;
    const aclId = ofType(withEdge.template, 'AWS::WAFv2::WebACL')[0]?.[0];

    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(config.Aliases).toEqual(['api.example.com']);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(config.CacheBehaviors).toBeUndefined();
    expect(config.Origins[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('reaches the API through its custom domain of the same name, and turns the execute-api endpoint off', () => {
    const [domainId, domain] = ofType(withEdge.template, 'AWS::ApiGatewayV2::DomainName')[0] ?? [];
    const [, mapping] = ofType(withEdge.template, 'AWS::ApiGatewayV2::ApiMapping')[0] ?? [];
    const [, distribution] = ofType(withEdge.template, 'AWS::CloudFront::Distribution')[0] ?? [];

    expect(domain?.Properties).toMatchObject({ DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL' }] });
    expect(mapping?.Properties).toMatchObject({ DomainName: { Ref: domainId }, ApiId: { Ref: withEdge.stack.getLogicalId(withEdge.stack.httpApi.api.node.defaultChild as never) } });
    expect(JSON.stringify(distribution?.Properties.DistributionConfig.Origins[0].DomainName)).toContain(domainId as string);
    expect(httpApiOf(withEdge.template)?.Properties.DisableExecuteApiEndpoint).toBe(true);
  });

  it('leaves the WebSocket API on its own endpoint (its $connect takes single-use tickets from the HTTP API)', () => {
    const [, webSocket] = ofType(withEdge.template, 'AWS::ApiGatewayV2::Api').find(([, api]) => api.Properties.ProtocolType === 'WEBSOCKET') ?? [];

    expect(webSocket?.Properties.DisableExecuteApiEndpoint).toBeUndefined();
  });

  it('answers on the API domain: the ApiUrl output and the links in mails, and aliases the domain in its zone', () => {
    const outputs = withEdge.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const outbox = ofType(withEdge.template, 'AWS::Lambda::Function').find(([id]) => id.startsWith('OutboxFunction'))?.[1];
    const records = ofType(withEdge.template, 'AWS::Route53::RecordSet').map(([, record]) => record.Properties);

    expect(outputs.ApiUrl?.Value).toBe('https://api.example.com/');
    expect(outbox?.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://api.example.com/');
    expect(records.map((record) => [record.Name, record.Type, record.HostedZoneId]).sort()).toEqual([
      ['api.example.com.', 'A', 'Z0123456789ABC'],
      ['api.example.com.', 'AAAA', 'Z0123456789ABC'],
    ]);
  });

  it('must be deployed in us-east-1: a template rule, and a synth error for a stack in another region', () => {
    const rules = withEdge.template.toJSON().Rules as Record<string, { Assertions: { Assert: unknown }[] }>;
    const app = testApp({ context: { ...cdkContext(), ...edgeContext, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });

    expect(rules.EdgeRegion?.Assertions.map((assertion) => assertion.Assert)).toEqual([{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }]);
    expect(() => new EventPlanningStack(app, 'Elsewhere', { settings: settingsFromContext(app.node), env: { region: 'eu-west-1' } })).toThrow(/must be deployed in us-east-1/);
  });

  it('passes the AwsSolutions checks (CloudFront geo restriction and standard logs acknowledged with reasons)', () => {
    const report = new AwsSolutionsChecks().validateScope(withEdge.stack);

    expect(report.violations.map((violation) => `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`)).toEqual([]);
  });

  it('refuses edge parameters that cannot work', () => {
    expect(() => synthStack({ domainName: 'api.example.com' })).toThrow(/only apply with edge=true/);
    expect(() => synthStack({ ...edgeContext, certificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1') })).toThrow(/certificate in us-east-1/);
    expect(() => synthStack({ ...edgeContext, domainName: 'https://api.example.com' })).toThrow(/domainName must be/);
    expect(() => synthStack({ ...edgeContext, hostedZoneName: 'other.org' })).toThrow(/not in the hosted zone/);
  });
});

describe('with edge off (the default)', () => {
  it('has none of it: no distribution, web ACL, custom domain, mapping, records or region rule, and the execute-api endpoint on', () => {
    for (const type of EDGE_TYPES) expect(ofType(withoutEdge, type), type).toEqual([]);
    expect(Object.keys(withoutEdge.toJSON().Rules as object)).toEqual(['CheckBootstrapVersion']);
    expect(httpApiOf(withoutEdge)?.Properties.DisableExecuteApiEndpoint).toBeUndefined();
    expect(JSON.stringify((withoutEdge.toJSON().Outputs as Record<string, { Value: unknown }>).ApiUrl?.Value)).toContain('execute-api');
  });

  it('adds only the edge to the template: every other resource is the same', () => {
    const others = (template: Template) => Object.entries(template.toJSON().Resources as Record<string, Resource>)
      .filter(([, resource]) => !EDGE_TYPES.includes(resource.Type))
      // A function's published version is named by a hash of its configuration, which the edge changes
      // (the links in mails point at the API's own domain).
      .map(([id, resource]) => [resource.Type === 'AWS::Lambda::Version' ? id.replace(/[0-9a-f]{32}$/, '') : id, resource.Type]);
    const edgeResources = ofType(withEdge.template, 'AWS::CloudFront::Distribution').length;

    expect(edgeResources).toBe(1);
    expect(others(withEdge.template)).toEqual(others(withoutEdge));
  });
});

function cdkContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;
}
