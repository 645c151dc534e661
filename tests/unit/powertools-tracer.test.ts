import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { traced } from '../../shared/observability/client-capture.ts';
import { tracer } from '../../shared/observability/tracer.ts';

const loadedModules = () => Object.keys(createRequire(import.meta.url).cache);

/** Whether the tracer module, imported in a new Node.js process with `env`, makes a Tracer that traces. */
async function tracesWith(env: Record<string, string>): Promise<string> {
  const script = "const { tracer } = await import('./shared/observability/tracer.ts'); console.log(String(tracer?.isTracingEnabled() ?? 'no tracer'));";
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
  return stdout.trim();
}

/**
 * Outside Lambda (npm start, the tests) there is no X-Ray daemon: the Tracer is not made, SDK clients stay
 * as they are, and the X-Ray SDK is not loaded (its async hook would slow every promise of the process).
 */
describe('the Powertools tracer', () => {
  it('off Lambda is not made, leaves SDK clients as they are, and leaves the X-Ray SDK unloaded', () => {
    const client = { middlewareStack: { use: () => undefined }, send: () => undefined };

    expect(tracer).toBeNull();
    expect(traced(client)).toBe(client);
    expect(loadedModules().filter((path) => path.includes('aws-xray-sdk-core'))).toEqual([]);
  });

  it('in a Lambda execution environment traces, unless POWERTOOLS_TRACE_ENABLED=false', async () => {
    const lambda = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_LAMBDA_FUNCTION_NAME: 'notify', AWS_REGION: 'eu-west-1' };

    expect(await tracesWith(lambda)).toBe('true');
    expect(await tracesWith({ ...lambda, POWERTOOLS_TRACE_ENABLED: 'false' })).toBe('no tracer');
    expect(await tracesWith({})).toBe('no tracer');
  });
});
