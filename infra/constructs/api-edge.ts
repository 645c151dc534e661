import { Duration, Validations } from 'aws-cdk-lib';
import { ApiMapping, DomainName, type HttpApi, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AllowedMethods, CachePolicy, Distribution, HttpVersion, OriginProtocolPolicy, OriginRequestPolicy, OriginSslPolicy, PriceClass, SecurityPolicyProtocol, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { EdgeSettings } from '../settings.ts';

export type ApiEdgeProps = {
  api: HttpApi;
  stage: HttpStage;
  settings: EdgeSettings;
  /** Carried in the names of the web ACL and its metrics. */
  stageName: string;
};

/** The web ACL's rules, in order: AWS's managed common and known-bad-input rules, then the per-address rate. */
export const EDGE_RULES = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'RequestsPerIp'] as const;

/**
 * The optional front of the HTTP API (`-c edge=true`): a CloudFront distribution on the API's own domain,
 * with a WAF web ACL, in front of the API's custom domain. The HTTP API's execute-api endpoint is disabled
 * (EventPlanningHttpApi), so every request goes through WAF.
 *
 * - The origin is the API's regional custom domain of the same name: with the execute-api endpoint off,
 *   that is the only way in. API Gateway picks the custom domain by the TLS server name and Host, so the
 *   viewer's Host is forwarded (ALL_VIEWER), unlike an execute-api origin, which must not get it.
 * - Nothing is cached (CACHING_DISABLED): every answer is per caller or per code. Every method, header,
 *   cookie and query string reaches the API as sent.
 * - CloudFront and its WAF scope live in us-east-1 only: the stack must be deployed there with edge on
 *   (infra/stack.ts checks it at synth and in the template).
 */
export class ApiEdge extends Construct {
  readonly distribution: Distribution;
  readonly webAcl: CfnWebACL;
  readonly domainName: DomainName;

  constructor(scope: Construct, id: string, props: ApiEdgeProps) {
    super(scope, id);
    const { settings } = props;
    const certificate = Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn);

    this.domainName = new DomainName(this, 'ApiDomain', { domainName: settings.domainName, certificate });
    new ApiMapping(this, 'ApiMapping', { api: props.api, domainName: this.domainName, stage: props.stage });

    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (name: (typeof EDGE_RULES)[number], priority: number, ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[]): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `event-planning-${props.stageName}`,
      description: 'Front of the event planning API: AWS managed common and known-bad-input rules, a rate per address',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`event-planning-${props.stageName}`),
      rules: [
        // Bodies over 8 KB are the guest imports and bulk adds; the API caps bodies itself (413
        // payload_too_large), so that one rule only counts.
        managed('AWSManagedRulesCommonRuleSet', 0, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'RequestsPerIp',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: settings.requestsPerIpPer5Minutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RequestsPerIp'),
        },
      ],
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Event planning API (${props.stageName})`,
      domainNames: [settings.domainName],
      certificate,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: this.webAcl.attrArn,
      defaultBehavior: {
        origin: new HttpOrigin(this.domainName.regionalDomainName, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          // API Gateway's own limit is 30 s.
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER,
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'The API serves planners and guests wherever they are; abuse is limited per address by the web ACL rate rule, not by country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason: 'Every request that passes CloudFront is logged by the API stage access log (route, status, latency, request id); CloudFront standard logs would need an ACL-enabled bucket, which the stack keeps off everywhere.',
    });

    if (settings.hostedZone) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: settings.hostedZone.id, zoneName: settings.hostedZone.name });
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, 'AliasA', { zone, recordName: settings.domainName, target });
      new AaaaRecord(this, 'AliasAaaa', { zone, recordName: settings.domainName, target });
    }
  }
}
