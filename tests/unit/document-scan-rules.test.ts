import { describe, expect, it } from 'vitest';
import { type ScanFields, scanResultEffect, scanVerdict, versionOfObjectKey, versionStatus } from '../../shared/domain/documents/scan.ts';
import { documentObjectKey } from '../../shared/domain/documents/rules.ts';

const confirmed = (fields: ScanFields = {}) => ({ uploaded: true, object_etag: 'abc', scan_status: 'pending' as const, ...fields });

describe('a version\'s status', () => {
  it.each([
    ['not confirmed', { uploaded: false }, 'awaiting_upload'],
    ['confirmed, no result yet', confirmed(), 'quarantined'],
    ['confirmed, clean for its bytes', confirmed({ scan_status: 'clean', scan_etag: 'abc' }), 'available'],
    ['confirmed, clean for other bytes', confirmed({ scan_status: 'clean', scan_etag: 'other' }), 'quarantined'],
    ['confirmed without an ETag', { uploaded: true, scan_status: 'clean' as const }, 'quarantined'],
    ['infected before its confirmation', { uploaded: false, scan_status: 'infected' as const }, 'infected'],
    ['confirmed before the scan existed', { uploaded: true }, 'quarantined'],
  ])('%s: %s', (_label, version, expected) => {
    expect(versionStatus(version)).toBe(expected);
  });
});

describe('what a scan result does to a version', () => {
  it.each([
    ['clean, first result', {}, 'clean', 'abc', 'record'],
    ['clean, the same again', confirmed({ scan_status: 'clean', scan_etag: 'abc' }), 'clean', 'abc', 'already'],
    ['clean after infected', confirmed({ scan_status: 'infected' }), 'clean', 'abc', 'kept_infected'],
    ['infected again', confirmed({ scan_status: 'infected' }), 'infected', 'abc', 'already'],
    ['clean for bytes other than those confirmed', confirmed(), 'clean', 'other', 'other_bytes'],
    ['infected for bytes other than those confirmed', confirmed({ scan_status: 'clean', scan_etag: 'abc' }), 'infected', 'other', 'record'],
    ['clean before the confirmation, any bytes', { scan_status: 'clean' as const, scan_etag: 'old' }, 'clean', 'new', 'record'],
  ] as const)('%s', (_label, version, outcome, etag, expected) => {
    expect(scanResultEffect(version, { outcome, etag })).toBe(expected);
  });
});

describe('reading a scan result', () => {
  const detail = (scanStatus: string, scanResultStatus: string, threats: { name: string }[] | null = null) => ({
    scanStatus, resourceType: 'S3_OBJECT' as const, s3ObjectDetails: { bucketName: 'b', objectKey: 'k' }, scanResultDetails: { scanResultStatus, threats },
  });

  it('knows clean, infected (with the threat names) and no verdict', () => {
    expect(scanVerdict(detail('COMPLETED', 'NO_THREATS_FOUND'))).toEqual({ outcome: 'clean' });
    expect(scanVerdict(detail('COMPLETED', 'THREATS_FOUND', [{ name: 'EICAR-Test-File (not a virus)' }]))).toEqual({ outcome: 'infected', threats: ['EICAR-Test-File (not a virus)'] });
    expect(scanVerdict(detail('SKIPPED', 'UNSUPPORTED'))).toEqual({ outcome: 'unscanned', reason: 'SKIPPED/UNSUPPORTED' });
  });

  it('finds the version an object key names, and nothing in other keys', () => {
    expect(versionOfObjectKey(documentObjectKey('E1', 'E1D2', 12))).toEqual({ eventId: 'E1', documentId: 'E1D2', number: 12 });
    expect(['events/E1/documents/E1D2/v0', 'events/E1/documents/E1D2', 'malware-protection-resource-validation-object', 'events/E1/documents/a/b/v1'].map(versionOfObjectKey)).toEqual([null, null, null, null]);
  });
});
