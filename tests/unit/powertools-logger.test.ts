import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { captureOutput } from '../support/captured-output.ts';

/** shared/logger.ts: the facade over Powertools Logger that every log line goes through. */
let output: ReturnType<typeof captureOutput>;
afterEach(() => output.stop());

describe('the Powertools logger behind createLogger', () => {
  it('writes one JSON line with level, message, timestamp, service and the request id as correlation_id', () => {
    output = captureOutput();

    createLogger({ requestId: 'request-7', group: 'guests' }, 'info').info('request', { status: 201 });

    expect(output.lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'request', correlation_id: 'request-7', group: 'guests', status: 201, service: expect.any(String), timestamp: expect.stringMatching(/Z$/) })]);
  });

  it('redacts secret-looking keys at any depth, in the base fields and the line fields alike', () => {
    output = captureOutput();

    createLogger({ authorization: 'Bearer abc' }, 'info').warn('sign-in', { password: 'hunter2', nested: { deeper: { refresh_token: 'r-1', kept: 1 } }, list: [{ session_cookie: 'c' }] });

    const [line] = output.lines;
    expect(line).toMatchObject({ authorization: '[redacted]', password: '[redacted]', nested: { deeper: { refresh_token: '[redacted]', kept: 1 } }, list: [{ session_cookie: '[redacted]' }] });
    expect(JSON.stringify(output.lines)).not.toMatch(/hunter2|Bearer abc|r-1/);
  });

  it('keeps a field named like a Powertools key (an error\'s message) under another name instead of dropping it', () => {
    output = captureOutput();

    createLogger({}, 'info').error('outbox entry failed', { message: 'throttled' });

    expect(output.lines).toEqual([expect.objectContaining({ level: 'ERROR', message: 'outbox entry failed', message_field: 'throttled' })]);
  });

  it('writes nothing below its level, and nothing at all when silent', () => {
    output = captureOutput();

    createLogger({}, 'warn').info('hidden');
    createLogger({}, 'silent').error('hidden too');
    createLogger({}, 'warn').warn('shown');

    expect(output.lines.map((line) => line.message)).toEqual(['shown']);
  });
});
