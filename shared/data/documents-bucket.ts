import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config.ts';

/**
 * The documents bucket: presigned URLs for the browser to upload and download directly (the bytes never
 * pass through Lambda or API Gateway, whose payload limits are far below 25 MiB), and deleting objects.
 */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** s3rver accepts only its own fixed key pair, and checks signatures made with it. */
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let client: S3Client | undefined;

function s3(): S3Client {
  if (!client) {
    const { AWS_REGION, S3_ENDPOINT } = config();
    client = new S3Client({
      region: AWS_REGION,
      // Checksums computed by default would be signed into a presigned PUT for an empty body, so every
      // real upload would fail; S3 needs them only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true, credentials: s3rverCredentials } : {}),
    });
  }
  return client;
}

/** For tests that switch the environment between files. */
export function resetS3ForTests(): void {
  client = undefined;
}

function documentsBucket(): string {
  const bucket = config().DOCUMENTS_BUCKET;
  if (!bucket) throw new Error('Invalid configuration: DOCUMENTS_BUCKET is required by the documents functions');
  return bucket;
}

const expiresAt = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A PUT URL for exactly this object, size and type: Content-Length and Content-Type are signed, so S3
 * refuses an upload that differs in either.
 */
export async function presignUpload(input: { key: string; contentType: string; size: number }) {
  const command = new PutObjectCommand({ Bucket: documentsBucket(), Key: input.key, ContentType: input.contentType, ContentLength: input.size });
  const url = await getSignedUrl(s3(), command, { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) });
  return { method: 'PUT' as const, url, headers: { 'Content-Type': input.contentType }, expires_at: expiresAt(UPLOAD_URL_SECONDS) };
}

/** A short-lived GET URL for one object, answered as an attachment under its file name. */
export async function presignDownload(input: { key: string; fileName: string | null }) {
  const disposition = input.fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(input.fileName)}` : 'attachment';
  const command = new GetObjectCommand({ Bucket: documentsBucket(), Key: input.key, ResponseContentDisposition: disposition });
  const url = await getSignedUrl(s3(), command, { expiresIn: DOWNLOAD_URL_SECONDS });
  return { method: 'GET' as const, url, expires_at: expiresAt(DOWNLOAD_URL_SECONDS) };
}

const DELETE_OBJECTS_LIMIT = 1000;

/** Deletes objects, 1,000 per call (S3's limit); a missing one is not an error. */
export async function deleteObjects(keys: string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_OBJECTS_LIMIT) {
    const batch = keys.slice(start, start + DELETE_OBJECTS_LIMIT);
    const result = await s3().send(
      new DeleteObjectsCommand({ Bucket: documentsBucket(), Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    if (result.Errors?.length) throw new Error(`S3 kept ${result.Errors.length} of ${batch.length} objects: ${result.Errors[0]?.Code}`);
  }
}
