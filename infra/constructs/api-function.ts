import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { Alias, ApplicationLogLevel, Architecture, Code, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionLogLevel } from '../settings.ts';
import { type FunctionReleases, LIVE_ALIAS } from './function-releases.ts';

/** The repository root: esbuild resolves `#shared/*` through its package.json and bundles from here. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** functions/<entry>/handler.ts, exporting `handler`. */
export const functionEntry = (entry: string): string => join(projectRoot, 'functions', entry, 'handler.ts');

/**
 * ESM bundles have no `require`; a few CommonJS dependencies still call it for Node built-ins, so the
 * bundle recreates one from the module URL.
 */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The runtime and esbuild options of every function; infra/function-bundles.ts bundles with the same ones to measure them. */
export const apiFunctionRuntime = Runtime.NODEJS_24_X;
export const apiFunctionBundling = {
  format: OutputFormat.ESM,
  banner: ESM_REQUIRE_BANNER,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Stack traces need file and line only; leaving the sources out keeps bundles and cold starts small.
  sourcesContent: false,
  // The AWS SDK is bundled (tree-shaken, minified) instead of left to the runtime's copy: Node then loads
  // one file instead of resolving and lexing hundreds of CommonJS files of @aws-sdk/* and @smithy/*, which
  // measured (`npm run bench -- bundles`, CPU time of a fresh import) 35-45% cheaper per cold start, and
  // the SDK that runs is the one package-lock.json pins and the tests run, not whichever the runtime carries.
  externalModules: [],
} satisfies BundlingOptions;

/** What every function's logs and metrics are set to: one application log level, one metrics namespace per stage. */
export type FunctionObservability = {
  logLevel: FunctionLogLevel;
  /** POWERTOOLS_METRICS_NAMESPACE: `EventPlanning-<stage>`, so two stages in one account never mix their metrics. */
  metricsNamespace: string;
};

export type ApiFunctionProps = {
  /** The folder under functions/ holding handler.ts. */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  /** How long the function's logs are kept. */
  logRetention?: RetentionDays;
  /** RETAIN in production so logs outlive a stack deletion. */
  logRemovalPolicy: RemovalPolicy;
  /**
   * Files of node_modules the code reads at run time rather than imports (`swagger-ui-dist/swagger-ui.css`),
   * copied next to the bundle under node_modules/ so Node's resolution finds them there as it does locally.
   */
  nodeModuleFiles?: readonly string[];
  /** Reserved concurrent executions, also its cap (infra/function-needs.ts says why per function). */
  reservedConcurrency?: number;
  observability: FunctionObservability;
  /** The stack's CodeDeploy application: every function is released behind its `live` alias. */
  releases: FunctionReleases;
};

/**
 * The Lambda defaults of the whole API in one place: Node.js 24 on arm64, an ESM bundle (minified, with
 * source maps), its own log group with a retention period, and its own role that may write only to that
 * log group. Everything else a function may do is granted through the bindings in grants.ts. Each deploy
 * publishes a version, and CodeDeploy moves the `live` alias to it gradually (function-releases.ts):
 * whatever invokes the function invokes `alias`, never the unqualified function ($LATEST).
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** `live`: what API Gateway, EventBridge and Secrets Manager invoke; CodeDeploy shifts it to each new version. */
  readonly alias: Alias;
  /** Shifts `alias` and rolls it back on its alarms (added by FunctionAlarms). */
  readonly deployment: LambdaDeploymentGroup;
  /** The folder under functions/ it is bundled from (the bundle-size budgets are keyed by it); also its Powertools service. */
  readonly entry: string;
  /** The node_modules files copied beside its bundle (ApiFunctionProps). */
  readonly nodeModuleFiles: readonly string[];
  /** Where its business metrics go (shared/observability/metrics.ts), with the dimension service = entry. */
  readonly metricsNamespace: string;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.nodeModuleFiles = props.nodeModuleFiles ?? [];
    this.metricsNamespace = props.observability.metricsNamespace;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy may create log groups
    // and write to any of them; this role writes to its own group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      ...codeSource(this, props.entry),
      description: props.description,
      runtime: apiFunctionRuntime,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: props.observability.logLevel,
        // Powertools (shared/logger.ts, shared/observability/): the service on every log line, trace and metric.
        POWERTOOLS_SERVICE_NAME: props.entry,
        POWERTOOLS_METRICS_NAMESPACE: props.observability.metricsNamespace,
      },
      // Lambda's own lines (START, REPORT with the cold start's init duration) are JSON too, and it drops
      // application lines below the level (Powertools reads the same level from AWS_LAMBDA_LOG_LEVEL).
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.observability.logLevel.toUpperCase() as Uppercase<FunctionLogLevel>],
      systemLogLevelV2: SystemLogLevel.INFO,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Every invocation is traced in X-Ray (its init, its duration, its errors), so a slow or failed request
      // can be followed from the API stage's request id to the function that served it.
      tracing: Tracing.ACTIVE,
      bundling: props.nodeModuleFiles ? { ...apiFunctionBundling, commandHooks: copyNodeModuleFiles(props.nodeModuleFiles) } : apiFunctionBundling,
    });
    // currentVersion publishes a new version whenever the code or configuration changes.
    this.alias = new Alias(this, 'Live', { aliasName: LIVE_ALIAS, version: this.function.currentVersion });
    this.deployment = props.releases.deploymentGroup(this, this.alias);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions (X-Ray defines no resource types for them), so CDK grants them on *.',
    });
  }
}

/**
 * With bundling on (the CLI's `cdk synth`/`deploy`), NodejsFunction bundles functions/<entry>/handler.ts
 * with the locally installed esbuild. When bundling is skipped for the stack (context
 * `aws:cdk:bundling-stacks` = [], as the infra tests do), NodejsFunction would still insist that the entry
 * file exists; a placeholder lets the template be synthesized and inspected before every handler is
 * written. The placeholder can never be deployed: the CLI always bundles the stacks it deploys.
 */
function codeSource(scope: Construct, entry: string) {
  const entryPath = functionEntry(entry);
  if (!Stack.of(scope).bundlingRequired) {
    return { code: Code.fromInline(`// ${entry}: bundling skipped for this synth`), handler: 'index.handler' };
  }
  if (!existsSync(entryPath)) throw new Error(`No handler for function ${entry}: expected ${entryPath}`);
  return {
    entry: entryPath,
    handler: 'handler',
    projectRoot,
    depsLockFilePath: join(projectRoot, 'package-lock.json'),
  };
}

/** Bundling hooks that copy node_modules files into the bundle after esbuild ran (a plain cp: works offline). */
function copyNodeModuleFiles(files: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      files.map((file) => `mkdir -p "${outputDir}/node_modules/${posix.dirname(file)}" && cp "${inputDir}/node_modules/${file}" "${outputDir}/node_modules/${file}"`),
  };
}
