import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../shared/domain/realtime-rules.ts';

describe('originAllowed', () => {
  const allowed = ['https://app.example.com', 'http://localhost:5173'];

  it('lets an allowed origin through in any case, with or without a trailing slash', () => {
    expect(originAllowed('https://app.example.com', allowed)).toBe(true);
    expect(originAllowed('HTTPS://App.Example.com/', allowed)).toBe(true);
    expect(originAllowed('http://localhost:5173', allowed)).toBe(true);
  });

  it('refuses any other origin, a look-alike and "null" (a sandboxed page)', () => {
    expect(originAllowed('https://evil.example', allowed)).toBe(false);
    expect(originAllowed('https://app.example.com.evil.example', allowed)).toBe(false);
    expect(originAllowed('http://app.example.com', allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
  });

  it('lets a handshake without Origin through (not a browser), and any origin when `*` is allowed', () => {
    expect(originAllowed(undefined, allowed)).toBe(true);
    expect(originAllowed('https://anywhere.example', ['*'])).toBe(true);
  });
});
