/**
 * Bytes of real file types, for uploads that are confirmed: the confirmation checks what the bytes are
 * (shared/domain/documents/content-check.ts), so a test's "PDF" must start as a PDF does.
 */
const padded = (head: Uint8Array, size: number): Uint8Array => {
  const bytes = new Uint8Array(Math.max(size, head.length)).fill(0x20);
  bytes.set(head);
  return bytes;
};

/** A PDF's header, padded with spaces to `size` bytes (at least 9). */
export const pdfBytes = (size: number): Uint8Array => padded(new TextEncoder().encode('%PDF-1.7\n'), size);

/** A PNG's signature and IHDR chunk start, padded to `size` bytes. */
export const pngBytes = (size: number): Uint8Array =>
  padded(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), size);

/** The start of a Linux executable (ELF), padded to `size` bytes. */
export const elfBytes = (size: number): Uint8Array => padded(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), size);
