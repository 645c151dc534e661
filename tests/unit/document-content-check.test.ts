import { describe, expect, it } from 'vitest';
import { contentVerdict } from '../../shared/domain/documents/content-check.ts';
import { elfBytes, pdfBytes, pngBytes } from '../support/file-bytes.ts';

const text = (value: string) => new TextEncoder().encode(value);
const zipBytes = () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, ...new Array(40).fill(0)]);

describe('contentVerdict', () => {
  it('accepts bytes of the declared type', async () => {
    expect(await contentVerdict('application/pdf', pdfBytes(32))).toEqual({ outcome: 'ok' });
    expect(await contentVerdict('image/png', pngBytes(32))).toEqual({ outcome: 'ok' });
    expect(await contentVerdict('text/csv', text('time,what\n14:00,Ceremony\n'))).toEqual({ outcome: 'ok' });
    expect(await contentVerdict('text/plain', text('Crème brûlée — 12 €'))).toEqual({ outcome: 'ok' });
  });

  it('accepts an Office document that shows only as the zip it is in the sample', async () => {
    expect(await contentVerdict('application/vnd.openxmlformats-officedocument.wordprocessingml.document', zipBytes())).toEqual({ outcome: 'ok' });
    expect((await contentVerdict('application/pdf', zipBytes())).outcome).toBe('mismatch');
  });

  it('refuses another type, an executable as text, binary as text and bytes of no known type', async () => {
    expect(await contentVerdict('application/pdf', pngBytes(32))).toEqual({ outcome: 'mismatch', problems: [{ path: 'content', message: "The file's bytes are image/png, not application/pdf" }] });
    expect((await contentVerdict('text/plain', elfBytes(32))).outcome).toBe('mismatch');
    expect(await contentVerdict('text/plain', new Uint8Array([0x68, 0x69, 0x00, 0x01]))).toMatchObject({ problems: [{ message: "The file's bytes are binary data, not text/plain" }] });
    expect(await contentVerdict('text/csv', new Uint8Array([0xc3, 0x28, 0x41]))).toMatchObject({ outcome: 'mismatch' });
    expect(await contentVerdict('image/jpeg', text('not an image at all'))).toMatchObject({ problems: [{ message: "The file's bytes are of no known type, not image/jpeg" }] });
  });

  it('accepts a text sample cut in the middle of a character', async () => {
    const cut = text('menu: crème').slice(0, -1);

    expect(await contentVerdict('text/plain', cut)).toEqual({ outcome: 'ok' });
  });
});
