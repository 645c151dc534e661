import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortFree } from '../../infra/local/ports.ts';
import { type LocalStack, type LocalStackOptions, stateFilePath, startLocalStack } from '../../infra/local/stack.ts';

/**
 * What `npm start` starts, started the same way (its own DynamoDB Local in memory and SES emulator, on
 * free ports each server binds itself (port 0: no port race with other test files), in a scratch data folder): ready when health answers, mail viewer up, functions' variables
 * set as the stack sets them, the signing key private and reused, and nothing left running after stop.
 */
const keyFiles = ['token-signing-keys.json', 'token-verification-keys.json', 'sealing-key'];
let dataDir: string;
let options: LocalStackOptions;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'epa-stack-'));
  options = {
    port: 0,
    tableName: `stack-${randomUUID()}`,
    dataDir,
    emulators: { start: { dynamoDbPort: 0, sesPort: 0, s3Port: 0, inMemory: true } },
    corsAllowedOrigins: 'http://localhost:5173',
    region: 'us-east-1',
    schedules: true,
    extraEnv: { LOG_LEVEL: 'silent' },
  };
  stack = await startLocalStack(options);
}, 240_000);

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
      TOKEN_SIGNING_KEYS_FILE: join(dataDir, 'token-signing-keys.json'),
      TOKEN_VERIFICATION_KEYS_FILE: join(dataDir, 'token-verification-keys.json'),
      SEALING_KEY_FILE: join(dataDir, 'sealing-key'),
      PUBLIC_BASE_URL: `http://localhost:${new URL(stack.apiUrl).port}`,
      CORS_ALLOWED_ORIGINS: 'http://localhost:5173',
      AWS_REGION: 'us-east-1',
    });
    expect(process.env.TABLE_NAME).toBe(options.tableName);
  });

  it('keeps the key material readable by its owner only, and publishes its state for one-off commands', async () => {
    const modes = await Promise.all(keyFiles.map(async (file) => (await stat(join(dataDir, file))).mode & 0o777));
    const state = JSON.parse(await readFile(stateFilePath(dataDir), 'utf8'));

    expect(modes).toEqual([0o600, 0o600, 0o600]);
    expect(state).toMatchObject({ pid: process.pid, apiUrl: stack.apiUrl, env: { TABLE_NAME: options.tableName } });
  });

  it('refuses to start on a port that is taken, with a message naming the variable', async () => {
    const attempt = startLocalStack({ ...options, port: Number(new URL(stack.apiUrl).port) });

    await expect(attempt).rejects.toThrow(/Port \d+ \(API\) is already in use.*PORT=/s);
  });

  it('stops every process and frees every port', async () => {
    const keys = await Promise.all(keyFiles.map((file) => readFile(join(dataDir, file), 'utf8')));
    const ports = [new URL(stack.apiUrl).port, new URL(stack.dynamoDbEndpoint).port, new URL(stack.sesEndpoint).port, new URL(stack.webSocketUrl).port].map(Number);

    await stack.stop();

    expect(await Promise.all(ports.map(isPortFree))).toEqual([true, true, true, true]);
    await expect(stat(stateFilePath(dataDir))).rejects.toThrow();
    const restarted = await startLocalStack(options);
    await restarted.stop();
    expect(await Promise.all(keyFiles.map((file) => readFile(join(dataDir, file), 'utf8')))).toEqual(keys);
  }, 240_000);
});
