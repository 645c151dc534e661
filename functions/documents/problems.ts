import type { VersionStatus } from '#shared/domain/documents/scan.ts';
import { ConflictError, type HttpError } from '#shared/http/errors.ts';

/** 409: the malware scan found a threat in this version's file (it was removed). */
export const documentInfected = () =>
  new ConflictError('document_infected', 'The malware scan found a threat in this version: its file was removed and it cannot be confirmed or downloaded. Upload a clean file as a new version.');

/** Why a version cannot be downloaded, as the problem the caller gets (409: it may change, or the planner acts). */
export const notDownloadable: Record<Exclude<VersionStatus, 'available'>, () => HttpError> = {
  awaiting_upload: () => new ConflictError('upload_missing', 'This version has no confirmed upload yet: PUT the file to its upload URL, then confirm it.'),
  quarantined: () => new ConflictError('document_quarantined', 'This version is quarantined until the malware scan of its file is clean; try again shortly.'),
  infected: documentInfected,
};
