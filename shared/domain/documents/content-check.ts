import type { Problem } from '../events/rules.ts';
import type { DocumentContentType } from './rules.ts';

/**
 * Whether an upload's bytes are the type it declared (ASVS 5.0 5.2.2): S3 only holds the type the
 * browser said. The first bytes are sniffed by `file-type` (magic numbers). Binary types must be
 * detected as themselves; a .docx or .xlsx may show as the zip it is when its parts lie past the sample;
 * text must be no known binary, hold no NUL byte and be UTF-8 (an executable or an image renamed .txt is
 * refused). Only the allowed types of shared/domain/documents/rules.ts can be declared at all, so active
 * content (HTML, SVG, scripts) never gets this far under its own type.
 */
export const CONTENT_SAMPLE_BYTES = 4100;

const textTypes = new Set<DocumentContentType>(['text/plain', 'text/csv']);
const zipContainers = new Set<DocumentContentType>([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export type ContentVerdict = { outcome: 'ok' } | { outcome: 'mismatch'; problems: Problem[] };

export async function contentVerdict(declared: DocumentContentType, sample: Uint8Array): Promise<ContentVerdict> {
  // Loaded on the first confirmation only: the other document routes' cold starts do not evaluate it.
  const { fileTypeFromBuffer } = await import('file-type/core');
  const detected = (await fileTypeFromBuffer(sample))?.mime;
  const refuse = (found: string): ContentVerdict => ({ outcome: 'mismatch', problems: [{ path: 'content', message: `The file's bytes are ${found}, not ${declared}` }] });
  if (textTypes.has(declared)) {
    if (detected) return refuse(detected);
    return isUtf8Text(sample) ? { outcome: 'ok' } : refuse('binary data');
  }
  if (detected === declared || (detected === 'application/zip' && zipContainers.has(declared))) return { outcome: 'ok' };
  return refuse(detected ?? 'of no known type');
}

/** No NUL byte and valid UTF-8, allowing a character cut at the end of the sample. */
function isUtf8Text(sample: Uint8Array): boolean {
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
