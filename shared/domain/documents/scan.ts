import * as z from 'zod';

/**
 * The malware scan of uploaded documents (ASVS 5.0 5.4.3). A confirmed version is quarantined until a
 * scan of its bytes reports them clean; only then may it be downloaded. In AWS the scanner is GuardDuty
 * Malware Protection for S3, which scans every object written to the documents bucket and puts its
 * result on the default EventBridge bus; locally a stub (infra/local/malware-scanner.ts) sends the same
 * event. functions/document-scan records the result on the version.
 *
 * A result names an object key and its ETag (S3's digest of the bytes). It counts for a version only if
 * it is about the bytes the planner confirmed: the browser may PUT again to the same presigned URL, so a
 * clean result for other bytes of the key (once the version knows its confirmed ETag) is ignored.
 * "Infected" is final: a late "clean" never overwrites it.
 */
export const scanStatuses = ['pending', 'clean', 'infected'] as const;
export type ScanStatus = (typeof scanStatuses)[number];

/** What the API shows of a version: not uploaded yet, waiting for its scan, downloadable, or refused. */
export const versionStatuses = ['awaiting_upload', 'quarantined', 'available', 'infected'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/** The scan fields of a version (and the copies on its document while it is the current version). */
export type ScanFields = {
  /** The ETag of the object when its upload was confirmed: the bytes that were checked and must be scanned. */
  object_etag?: string;
  /** The last scan result recorded ('pending' from the confirmation until one arrives). */
  scan_status?: ScanStatus;
  /** The ETag that result was about. */
  scan_etag?: string;
  scanned_at?: string;
  /** Threat names of an infected result. */
  threats?: string[];
};

export function versionStatus(version: ScanFields & { uploaded?: boolean }): VersionStatus {
  // Malware found at the key before the confirmation condemns the version too: which bytes would be confirmed is unknown.
  if (version.scan_status === 'infected') return 'infected';
  if (!version.uploaded) return 'awaiting_upload';
  return version.scan_status === 'clean' && version.scan_etag !== undefined && version.scan_etag === version.object_etag ? 'available' : 'quarantined';
}

/** The scan status shown with a version: null before its upload is confirmed. */
export function presentedScanStatus(status: VersionStatus): ScanStatus | null {
  switch (status) {
    case 'awaiting_upload':
      return null;
    case 'quarantined':
      return 'pending';
    case 'available':
      return 'clean';
    case 'infected':
      return 'infected';
  }
}

/** `events/<eventId>/documents/<docId>/v<n>` (shared/domain/documents/rules.ts documentObjectKey), read back. */
export function versionOfObjectKey(key: string): { eventId: string; documentId: string; number: number } | null {
  const match = /^events\/([^/]+)\/documents\/([^/]+)\/v([1-9]\d{0,3})$/.exec(key);
  return match ? { eventId: match[1] as string, documentId: match[2] as string, number: Number(match[3]) } : null;
}

/**
 * The part of GuardDuty's result event ("GuardDuty Malware Protection Object Scan Result", shared/routes.ts
 * serviceEventRules) this API reads; the local stub sends the same shape.
 */
export const scanResultDetail = z.object({
  scanStatus: z.string(),
  resourceType: z.literal('S3_OBJECT'),
  s3ObjectDetails: z.object({
    bucketName: z.string().min(1),
    objectKey: z.string().min(1),
    eTag: z.string().optional(),
    versionId: z.string().optional(),
  }),
  scanResultDetails: z.object({
    scanResultStatus: z.string(),
    threats: z.array(z.object({ name: z.string() })).nullish(),
  }),
});
export type ScanResultDetail = z.infer<typeof scanResultDetail>;

/** A result as the consumer records it: clean, infected, or no verdict (skipped, unsupported, failed). */
export type ScanVerdict = { outcome: 'clean' } | { outcome: 'infected'; threats: string[] } | { outcome: 'unscanned'; reason: string };

export function scanVerdict(detail: ScanResultDetail): ScanVerdict {
  const status = detail.scanResultDetails.scanResultStatus;
  if (detail.scanStatus === 'COMPLETED' && status === 'NO_THREATS_FOUND') return { outcome: 'clean' };
  if (status === 'THREATS_FOUND') return { outcome: 'infected', threats: (detail.scanResultDetails.threats ?? []).map((threat) => threat.name) };
  // UNSUPPORTED, ACCESS_DENIED, FAILED: no verdict, so the version stays quarantined (and is logged).
  return { outcome: 'unscanned', reason: `${detail.scanStatus}/${status}` };
}

/**
 * What a result does to a version: 'record' it; 'already' recorded (EventBridge delivers at least once);
 * 'kept_infected' (a clean result never lifts an infected one); 'other_bytes' (a clean result about bytes
 * of the key other than those confirmed: an earlier or later PUT to the same upload URL). An infected
 * result counts whatever bytes it was about: the key holds, or held, malware a download could serve.
 */
export type ScanResultEffect = 'record' | 'already' | 'kept_infected' | 'other_bytes';

export function scanResultEffect(version: ScanFields, result: { outcome: 'clean' | 'infected'; etag: string | undefined }): ScanResultEffect {
  if (version.scan_status === 'infected') return result.outcome === 'infected' ? 'already' : 'kept_infected';
  if (result.outcome === 'infected') return 'record';
  if (version.object_etag !== undefined && result.etag !== version.object_etag) return 'other_bytes';
  if (result.outcome === 'clean' && version.scan_status === 'clean' && version.scan_etag === result.etag) return 'already';
  return 'record';
}

/** S3 quotes ETags (`"9b2c..."`); GuardDuty's event and HeadObject may differ in that, never in the digest. */
export const normalizedEtag = (etag: string | undefined): string | undefined => etag?.replaceAll('"', '') || undefined;
