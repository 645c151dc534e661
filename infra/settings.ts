import type { Node } from 'constructs';

/**
 * The deploy-time parameters of the stack, read from CDK context (`cdk.json` or `-c name=value`). Parsed
 * in one place so a typo in a value fails the synth with its name, not a broken deployment.
 */
export type StackSettings = {
  /** `prod` turns on deletion protection and retention of the table and logs. */
  stage: string;
  corsAllowedOrigins: string[];
  /** A verified SES identity: an email address or a domain. */
  sesIdentity: string;
  /** The sender address; defaults to the identity when it is an address, `planner@<domain>` otherwise. */
  sesFromAddress: string;
  sesConfigurationSet: string;
  /** Where links in emails point; the API's own URL when unset. */
  publicBaseUrl: string | undefined;
  throttle: { rateLimit: number; burstLimit: number };
  /** Each public route's own cap (sign-in, registration, guests' RSVP links), within the stage's. */
  publicRouteThrottle: { rateLimit: number; burstLimit: number };
  /** Days after an event ends that its guests' personal data is purged (GUEST_DATA_RETENTION_DAYS). */
  guestDataRetentionDays: number;
  /** Subscribed to the alarm topic (it confirms by email); unset, alarms show in the console only. */
  alarmEmail: string | undefined;
  /**
   * A CloudWatch Logs destination in a separate (log-archive) account that every log group streams to;
   * required in prod (docs/log-archive.md), optional elsewhere.
   */
  logArchiveDestinationArn: string | undefined;
  /** The functions' application log level (Lambda's advanced logging controls and LOG_LEVEL alike). */
  logLevel: FunctionLogLevel;
  /**
   * The optional CloudFront + WAF front of the HTTP API (`-c edge=true`, docs/runbooks/deploy.md): then the
   * API answers only through the distribution on its own domain (its execute-api endpoint is disabled).
   */
  edge: EdgeSettings | undefined;
  /**
   * How CodeDeploy shifts each function's `live` alias to a new version (docs/runbooks/deploy.md, Releases):
   * `canary` 10% for 5 minutes then all, `linear` 10% more every minute, `all-at-once`. Context
   * `deploymentStrategy`; prod defaults to canary, every other stage to all-at-once so dev deploys stay fast.
   */
  deploymentStrategy: DeploymentStrategy;
};

export type EdgeSettings = {
  /** The API's public name (`api.example.com`): the distribution's alias and the API's custom domain. */
  domainName: string;
  /** An ACM certificate for domainName in us-east-1, where CloudFront reads certificates. */
  certificateArn: string;
  /** When given, the alias records of domainName are made in this Route 53 zone. */
  hostedZone: { id: string; name: string } | undefined;
  /** Requests one address may make in 5 minutes before WAF blocks it (WAF's rate-based rule window). */
  requestsPerIpPer5Minutes: number;
};

export const deploymentStrategies = ['canary', 'linear', 'all-at-once'] as const;
export type DeploymentStrategy = (typeof deploymentStrategies)[number];

export const functionLogLevels = ['debug', 'info', 'warn', 'error'] as const;
export type FunctionLogLevel = (typeof functionLogLevels)[number];

export const isProduction = (settings: Pick<StackSettings, 'stage'>): boolean => settings.stage === 'prod';

/** Context values arrive as strings from `-c` and as JSON values from cdk.json; accept both. */
function contextList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return parts.map((part) => part.trim()).filter(Boolean);
}

function contextString(node: Node, name: string): string | undefined {
  const value: unknown = node.tryGetContext(name);
  return value === undefined || value === null || value === '' ? undefined : String(value).trim();
}

function contextNumber(node: Node, name: string, fallback: number): number {
  const raw = contextString(node, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Context ${name} must be a positive number, got "${raw}"`);
  return value;
}

function contextEmail(node: Node, name: string): string | undefined {
  const value = contextString(node, name);
  if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new Error(`Context ${name} must be an email address, got "${value}"`);
  return value;
}

function assertOrigin(origin: string): void {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new Error(`Context corsAllowedOrigins: "${origin}" is not a URL origin like https://app.example.com`);
  }
  if (parsed.origin !== origin) {
    throw new Error(`Context corsAllowedOrigins: "${origin}" must be a bare origin (scheme://host[:port]), got ${parsed.origin}`);
  }
}

/** `-c edge=true` with its domain and certificate; every edge parameter without `edge=true` is an error. */
function edgeFromContext(node: Node): EdgeSettings | undefined {
  const edge = contextString(node, 'edge');
  const domainName = contextString(node, 'domainName');
  const certificateArn = contextString(node, 'certificateArn');
  const hostedZoneId = contextString(node, 'hostedZoneId');
  const hostedZoneName = contextString(node, 'hostedZoneName');
  if (edge !== undefined && edge !== 'true' && edge !== 'false') throw new Error(`Context edge must be true or false, got "${edge}"`);
  if (edge !== 'true') {
    const stray = Object.entries({ domainName, certificateArn, hostedZoneId, hostedZoneName }).filter(([, value]) => value !== undefined).map(([name]) => name);
    if (stray.length > 0) throw new Error(`Context ${stray.join(', ')} only apply with edge=true`);
    return undefined;
  }
  if (domainName === undefined || !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new Error(`Context domainName must be the API's domain name (api.example.com) with edge=true, got "${domainName ?? ''}"`);
  }
  if (certificateArn === undefined || !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(`Context certificateArn must be an ACM certificate in us-east-1 (CloudFront reads its certificates there) with edge=true, got "${certificateArn ?? ''}"`);
  }
  if ((hostedZoneId === undefined) !== (hostedZoneName === undefined)) throw new Error('Context hostedZoneId and hostedZoneName go together (the Route 53 zone of domainName)');
  if (hostedZoneName !== undefined && domainName !== hostedZoneName && !domainName.endsWith(`.${hostedZoneName}`)) {
    throw new Error(`Context domainName ${domainName} is not in the hosted zone ${hostedZoneName}`);
  }
  return {
    domainName,
    certificateArn,
    hostedZone: hostedZoneId !== undefined && hostedZoneName !== undefined ? { id: hostedZoneId, name: hostedZoneName } : undefined,
    requestsPerIpPer5Minutes: contextNumber(node, 'edgeRequestsPerIpPer5Minutes', 2000),
  };
}

export function settingsFromContext(node: Node): StackSettings {
  const stage = contextString(node, 'stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`Context stage must be a short lowercase name, got "${stage}"`);

  const corsAllowedOrigins = contextList(node.tryGetContext('corsAllowedOrigins')) ?? ['https://app.example.com'];
  corsAllowedOrigins.forEach(assertOrigin);

  const sesIdentity = contextString(node, 'sesIdentity') ?? 'planner@example.com';
  const sesFromAddress = contextString(node, 'sesFromAddress') ?? (sesIdentity.includes('@') ? sesIdentity : `planner@${sesIdentity}`);

  const logArchiveDestinationArn = contextString(node, 'logArchiveDestinationArn');
  if (logArchiveDestinationArn !== undefined && !/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:destination:[\w.-]+$/.test(logArchiveDestinationArn)) {
    throw new Error(`Context logArchiveDestinationArn must be a CloudWatch Logs destination ARN (arn:aws:logs:<region>:<account>:destination:<name>), got "${logArchiveDestinationArn}"`);
  }
  if (isProduction({ stage }) && logArchiveDestinationArn === undefined) {
    throw new Error('Context logArchiveDestinationArn is required for stage prod: logs must also go to a separate account (docs/log-archive.md)');
  }

  const logLevel = contextString(node, 'logLevel') ?? 'info';
  if (!functionLogLevels.includes(logLevel as FunctionLogLevel)) throw new Error(`Context logLevel must be one of ${functionLogLevels.join(', ')}, got "${logLevel}"`);

  const deploymentStrategy = contextString(node, 'deploymentStrategy') ?? (isProduction({ stage }) ? 'canary' : 'all-at-once');
  if (!deploymentStrategies.includes(deploymentStrategy as DeploymentStrategy)) {
    throw new Error(`Context deploymentStrategy must be one of ${deploymentStrategies.join(', ')}, got "${deploymentStrategy}"`);
  }

  return {
    stage,
    corsAllowedOrigins,
    sesIdentity,
    sesFromAddress,
    sesConfigurationSet: contextString(node, 'sesConfigurationSet') ?? `event-planning-${stage}`,
    publicBaseUrl: contextString(node, 'publicBaseUrl'),
    throttle: {
      rateLimit: contextNumber(node, 'throttleRateLimit', 50),
      burstLimit: contextNumber(node, 'throttleBurstLimit', 100),
    },
    publicRouteThrottle: {
      rateLimit: contextNumber(node, 'publicRouteRateLimit', 20),
      burstLimit: contextNumber(node, 'publicRouteBurstLimit', 40),
    },
    guestDataRetentionDays: contextNumber(node, 'guestDataRetentionDays', 90),
    alarmEmail: contextEmail(node, 'alarmEmail'),
    logArchiveDestinationArn,
    logLevel: logLevel as FunctionLogLevel,
    edge: edgeFromContext(node),
    deploymentStrategy: deploymentStrategy as DeploymentStrategy,
  };
}
