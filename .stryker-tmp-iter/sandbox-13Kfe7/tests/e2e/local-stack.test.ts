// @ts-nocheck
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/emulators.ts';
import { isPortFree } from '../../infra/local/ports.ts';
import { type LocalStack, type LocalStackOptions, stateFilePath, startLocalStack } from '../../infra/local/stack.ts';

/**
 * What `npm start` starts, started the same way (its own DynamoDB Local in memory and SES emulator, on
 * free ports, in a scratch data folder): ready when health answers, mail viewer up, functions' variables
 * set as the stack sets them, the signing key private and reused, and nothing left running after stop.
 */
let dataDir: string;
let options: LocalStackOptions;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'epa-stack-'));
  options = {
    port: await freePort(),
    tableName: `stack-${randomUUID()}`,
    dataDir,
    emulators: { start: { dynamoDbPort: await freePort(), sesPort: await freePort(), s3Port: await freePort(), inMemory: true } },
    corsAllowedOrigins: 'http://localhost:5173',
    region: 'us-east-1',
    schedules: true,
    extraEnv: { LOG_LEVEL: 'silent' },
  };
  stack = await startLocalStack(options);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local stack', () => {
  it('answers health and serves the SES mail viewer at its root', async () => {
    const health = await fetch(stack.healthUrl);
    const viewer = await fetch(`${stack.sesEndpoint}/`);

    expect(await health.json()).toEqual({ data: { status: 'ok' } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('gives the functions the variables the stack sets', () => {
    expect(stack.env).toMatchObject({
      TABLE_NAME: options.tableName,
      DYNAMODB_ENDPOINT: stack.dynamoDbEndpoint,
      SES_ENDPOINT: stack.sesEndpoint,
      SIGNING_KEY_FILE: join(dataDir, 'signing-key'),
      PUBLIC_BASE_URL: `http://localhost:${options.port}`,
      CORS_ALLOWED_ORIGINS: 'http://localhost:5173',
      AWS_REGION: 'us-east-1',
    });
    expect(process.env.TABLE_NAME).toBe(options.tableName);
  });

  it('keeps the signing key readable by its owner only, and publishes its state for one-off commands', async () => {
    const key = await stat(join(dataDir, 'signing-key'));
    const state = JSON.parse(await readFile(stateFilePath(dataDir), 'utf8'));

    expect(key.mode & 0o777).toBe(0o600);
    expect(state).toMatchObject({ pid: process.pid, apiUrl: stack.apiUrl, env: { TABLE_NAME: options.tableName } });
  });

  it('refuses to start on a port that is taken, with a message naming the variable', async () => {
    const attempt = startLocalStack({ ...options, port: options.port });

    await expect(attempt).rejects.toThrow(/Port \d+ \(API\) is already in use.*PORT=/s);
  });

  it('stops every process and frees every port', async () => {
    const key = await readFile(join(dataDir, 'signing-key'), 'utf8');
    const ports = [options.port, new URL(stack.dynamoDbEndpoint).port, new URL(stack.sesEndpoint).port, new URL(stack.webSocketUrl).port].map(Number);

    await stack.stop();

    expect(await Promise.all(ports.map(isPortFree))).toEqual([true, true, true, true]);
    await expect(stat(stateFilePath(dataDir))).rejects.toThrow();
    const restarted = await startLocalStack(options);
    await restarted.stop();
    expect(await readFile(join(dataDir, 'signing-key'), 'utf8')).toBe(key);
  }, 90_000);
});
