import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { auditPut } from '#shared/data/audit.ts';
import { deleteObjectVersion } from '#shared/data/documents/bucket.ts';
import { recordScanResult } from '#shared/data/documents/scans.ts';
import { normalizedEtag, type ScanResultEffect, scanResultDetail, scanVerdict, versionOfObjectKey } from '#shared/domain/documents/scan.ts';
import { createLogger } from '#shared/logger.ts';
import { securityEvent } from '#shared/security/events.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Malware scan results of uploaded documents: GuardDuty Malware Protection for S3's "Object Scan Result"
 * events (the stack's DocumentScansRule on the default bus; locally infra/local/malware-scanner.ts sends
 * the same). The result is recorded on the version it names (shared/data/documents/scans.ts): clean
 * lifts the quarantine, infected refuses the version for good, deletes the object, logs an
 * `upload.infected` security event and writes the audit entry `document.infected`, whose domain event
 * tells the team (the organizer and the uploader among them) in their notifications. Idempotent:
 * EventBridge may deliver a result twice, and a retry after a failed delete deletes again.
 */
export const SCANNER_ACTOR = 'system:malware-scan';

export type DocumentScanOutcome = ScanResultEffect | 'gone' | 'unscanned' | 'ignored';

async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<DocumentScanOutcome> {
  const log = createLogger({ component: 'document-scan', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = scanResultDetail.safeParse(event.detail);
  const target = parsed.success && parsed.data.s3ObjectDetails.bucketName === config().DOCUMENTS_BUCKET ? versionOfObjectKey(parsed.data.s3ObjectDetails.objectKey) : null;
  if (!parsed.success || !target) {
    // Not a result about a document version of this bucket: retrying would not help.
    log.warn('scan result ignored', { detailType: event['detail-type'] });
    return 'ignored';
  }
  const { objectKey, versionId } = parsed.data.s3ObjectDetails;
  const verdict = scanVerdict(parsed.data);
  if (verdict.outcome === 'unscanned') {
    // The version stays quarantined: an operator looks at why (GuardDuty's quotas, its role's access).
    log.warn('document version not scanned', { objectKey, reason: verdict.reason });
    return 'unscanned';
  }
  const at = new Date().toISOString();
  const recorded = await recordScanResult(
    { ...target, objectKey, etag: normalizedEtag(parsed.data.s3ObjectDetails.eTag), at, ...verdict },
    (document, version) => verdict.outcome === 'infected'
      ? [auditPut({ eventId: target.eventId }, {
          actor_id: SCANNER_ACTOR, action: 'document.infected', entity_type: 'document', entity_id: document.id, at, subject: document.name,
          changes: [{ field: 'scan_status', before: version.scan_status ?? null, after: 'infected' }],
          domain_detail: { version: version.number, uploaded_by: version.uploaded_by },
        })]
      : [],
  );
  if (verdict.outcome === 'infected' && (recorded.effect === 'record' || recorded.effect === 'already')) {
    if (recorded.effect === 'record') {
      securityEvent('upload.infected', { user_id: recorded.version?.uploaded_by, resource: `${target.documentId}/v${target.number}`, request_id: context.awsRequestId });
    }
    // The version is refused whatever happens here; the bytes go too (deleting twice is harmless).
    await deleteObjectVersion(objectKey, versionId);
  }
  log.info('scan result', { objectKey, verdict: verdict.outcome, effect: recorded.effect, ...(verdict.outcome === 'infected' ? { threats: verdict.threats } : {}) });
  return recorded.effect;
}

export const handler = tracedHandler(handle);
