import type { S3Client } from '@aws-sdk/client-s3';
import { awsClientOptions } from '../../aws/client-options.ts';
import { config } from '../../config.ts';
import { normalizedEtag } from '../../domain/documents/scan.ts';
import { traced } from '../../observability/client-capture.ts';

/**
 * The documents bucket: presigned URLs for the browser to upload and download directly (the bytes never
 * pass through Lambda or API Gateway, whose payload limits are far below 25 MiB), and deleting objects.
 */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** s3rver accepts only its own fixed key pair, and checks signatures made with it. */
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The S3 SDK (and the presigner) are imported on first use, not with the module: the events function
 * needs S3 only to delete the files of a deleted event, so its cold start does not load the S3 client.
 */
const s3Sdk = () => import('@aws-sdk/client-s3');
const presigner = () => import('@aws-sdk/s3-request-presigner');

let client: S3Client | undefined;

async function s3(): Promise<S3Client> {
  if (!client) {
    const { S3_ENDPOINT } = config();
    const { S3Client } = await s3Sdk();
    client ??= traced(new S3Client({
      ...awsClientOptions('s3'),
      // Checksums computed by default would be signed into a presigned PUT for an empty body, so every
      // real upload would fail; S3 needs them only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true, credentials: s3rverCredentials } : {}),
    }));
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
  const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([s3Sdk(), presigner()]);
  const command = new PutObjectCommand({ Bucket: documentsBucket(), Key: input.key, ContentType: input.contentType, ContentLength: input.size });
  const url = await getSignedUrl(await s3(), command, { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) });
  return { method: 'PUT' as const, url, headers: { 'Content-Type': input.contentType }, expires_at: expiresAt(UPLOAD_URL_SECONDS) };
}

/** A short-lived GET URL for one object, answered as an attachment under its file name. */
export async function presignDownload(input: { key: string; fileName: string | null }) {
  const disposition = input.fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(input.fileName)}` : 'attachment';
  const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([s3Sdk(), presigner()]);
  const command = new GetObjectCommand({ Bucket: documentsBucket(), Key: input.key, ResponseContentDisposition: disposition });
  const url = await getSignedUrl(await s3(), command, { expiresIn: DOWNLOAD_URL_SECONDS });
  return { method: 'GET' as const, url, expires_at: expiresAt(DOWNLOAD_URL_SECONDS) };
}

/** The size, content type and ETag of the object at `key` (HeadObject), or null when there is none. */
export async function headObject(key: string): Promise<{ size: number; content_type: string; etag: string | undefined } | null> {
  const { HeadObjectCommand, NotFound } = await s3Sdk();
  try {
    const head = await (await s3()).send(new HeadObjectCommand({ Bucket: documentsBucket(), Key: key }));
    return { size: head.ContentLength ?? 0, content_type: head.ContentType ?? '', etag: normalizedEtag(head.ETag) };
  } catch (error) {
    // A HEAD has no body, so a missing key comes back as a bare 404 (NotFound), never as NoSuchKey.
    if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw error;
  }
}

/** The first `bytes` bytes of the object at `key` (a ranged GetObject), to check what it really is. */
export async function readObjectStart(key: string, bytes: number): Promise<Uint8Array> {
  const { GetObjectCommand } = await s3Sdk();
  const object = await (await s3()).send(new GetObjectCommand({ Bucket: documentsBucket(), Key: key, Range: `bytes=0-${bytes - 1}` }));
  return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
}

/**
 * Deletes one object for good: with `versionId` (the bucket is versioned in AWS) that version itself,
 * not a delete marker over it; without, the object (s3rver keeps no versions).
 */
export async function deleteObjectVersion(key: string, versionId: string | undefined): Promise<void> {
  const { DeleteObjectCommand } = await s3Sdk();
  await (await s3()).send(new DeleteObjectCommand({ Bucket: documentsBucket(), Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
}

const DELETE_OBJECTS_LIMIT = 1000;

/** Deletes objects, 1,000 per call (S3's limit); a missing one is not an error. */
export async function deleteObjects(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { DeleteObjectsCommand } = await s3Sdk();
  for (let start = 0; start < keys.length; start += DELETE_OBJECTS_LIMIT) {
    const batch = keys.slice(start, start + DELETE_OBJECTS_LIMIT);
    const result = await (await s3()).send(
      new DeleteObjectsCommand({ Bucket: documentsBucket(), Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    if (result.Errors?.length) throw new Error(`S3 kept ${result.Errors.length} of ${batch.length} objects: ${result.Errors[0]?.Code}`);
  }
}
