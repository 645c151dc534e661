import { describe, expect, it } from 'vitest';
import { contentVerdict } from '../../shared/domain/documents/content-check.ts';
import { elfBytes, pdfBytes, pngBytes } from '../support/file-bytes.ts';
import { fileNameFitsType } from '../../shared/domain/documents/rules.ts';
import { createDocumentBody } from '../../shared/schemas/documents.ts';

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

describe("a file name's extension against the declared type", () => {
  const declared = (file_name: string, content_type: string) =>
    createDocumentBody.safeParse({ name: 'Menu', content_type, size: 100, file_name });

  it('accepts the extensions of the type, in any case, and a name without one', () => {
    expect(fileNameFitsType('Menu.PDF', 'application/pdf')).toBe(true);
    expect(fileNameFitsType('photo.jpg', 'image/jpeg')).toBe(true);
    expect(fileNameFitsType('photo.jpeg', 'image/jpeg')).toBe(true);
    expect(fileNameFitsType('run sheet', 'text/plain')).toBe(true);
    expect(declared('guests.csv', 'text/csv').success).toBe(true);
  });

  it('refuses a name whose extension belongs to another type or to active content, naming file_name', () => {
    expect(fileNameFitsType('invoice.png', 'application/pdf')).toBe(false);
    expect(fileNameFitsType('menu.html', 'text/plain')).toBe(false);
    expect(fileNameFitsType('setup.exe', 'text/plain')).toBe(false);
    const refused = declared('menu.svg', 'image/png');

    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([expect.objectContaining({ path: ['file_name'], message: 'A png file is named .png' })]);
  });
});
