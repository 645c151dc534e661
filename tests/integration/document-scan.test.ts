import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as recordScan } from '../../functions/document-scan/handler.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { eicarTestString, scanResultEvent } from '../../infra/local/malware-scanner.ts';
import { headObject } from '../../shared/data/documents/bucket.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent } from './events-fixtures.ts';
import { runSender } from './invitations-fixtures.ts';
import { notificationsOf } from './notifications-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Issue 20, ASVS 5.4.3: a confirmed upload is quarantined until the malware scan reports its bytes clean.
 * The local bus runs the stub scanner on each confirmation's `document.uploaded` (infra/local/malware-scanner.ts) and hands its
 * GuardDuty-shaped result to functions/document-scan, as GuardDuty's event does in AWS; the tests below
 * that need a result at a chosen moment (before the confirmation, twice, in another order) hand the same
 * events to the recorder themselves.
 */
let ada: SignedInUser;
let capture: ReturnType<typeof captureSecurityEvents> | undefined;

beforeAll(async () => {
  ada = await signedInUser();
});

afterEach(() => {
  capture?.stop();
  capture = undefined;
});

const bytesOf = (text: string) => new TextEncoder().encode(text);
const menu = bytesOf('Starter: tomatoes\nMain: sea bass, or risotto\n');
/** The EICAR test file: printable text, so it passes the type check as the TXT it is declared as. */
const eicar = bytesOf(eicarTestString);

type Uploaded = { id: string; eventId: string; key: string; etag: string };

/** A TXT document holding `bytes`, PUT to its upload URL as a browser would (not confirmed). */
async function uploadText(eventId: string, bytes: Uint8Array, name = 'Menu'): Promise<Uploaded> {
  const created = (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/documents`, { body: { name, category: 'menu', content_type: 'text/plain', size: bytes.length } })).data;
  const put = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  const key = `events/${eventId}/documents/${created.id}/v1`;
  return { id: created.id, eventId, key, etag: String((await headObject(key))?.etag) };
}

const confirm = (document: Uploaded) => call(ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
const download = (document: Uploaded) => call(ada, 'GET', `/api/documents/${document.id}/versions/1/download`);
const shown = async (document: Uploaded) => (await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`)).data;

/** Hands a GuardDuty-shaped result to the recorder, as the stack's rule does. */
const deliver = (document: Uploaded, infected: boolean, etag = document.etag) =>
  recordScan(scanResultEvent({ key: document.key, etag, infected }), lambdaContext('document-scan-test'));

describe('malware scan of confirmed uploads', () => {
  it('quarantines a confirmed upload, refuses its download, then makes it available once the scan is clean', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);
    // The bus refuses the confirmation's `document.uploaded` at first, so nothing scans the file until the
    // outbox run publishes it: the quarantine is seen whatever the machine's speed.
    await testEventBus.idle();
    testEventBus.failNext(1);

    const confirmed = await confirm(document);
    const early = await download(document);
    const meanwhile = await shown(document);
    await runSender(new Date(Date.now() + 60_000));
    await testEventBus.idle();
    const after = await shown(document);
    const listed = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`);
    const answer = await download(document);

    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ uploaded: true, status: 'quarantined', scan_status: 'pending', version: { uploaded: true, status: 'quarantined', scan_status: 'pending' } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'document_quarantined', status: 409 });
    expect(early.headers['Content-Type']).toContain('application/problem+json');
    expect(meanwhile.download).toBeNull();
    expect(after).toMatchObject({ status: 'available', scan_status: 'clean', versions: [expect.objectContaining({ status: 'available', scan_status: 'clean' })] });
    expect(listed.data).toEqual([expect.objectContaining({ id: document.id, status: 'available', scan_status: 'clean' })]);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ method: 'GET', expires_at: expect.any(String) });
    expect(new Uint8Array(await (await fetch(answer.body.data.url)).arrayBuffer())).toEqual(menu);
    expect(new Uint8Array(await (await fetch(after.download.url)).arrayBuffer())).toEqual(menu);
  });

  it('refuses an EICAR upload for good: infected, its object deleted, the team told, a security event logged', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, eicar, 'Totally a menu');
    capture = captureSecurityEvents();

    const confirmed = await confirm(document);
    await testEventBus.idle();
    const after = await shown(document);
    const refused = await download(document);
    const again = await confirm(document);
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);
    const notifications = await notificationsOf(ada);

    expect(confirmed.body.data.version).toMatchObject({ status: 'quarantined', scan_status: 'pending' });
    expect(after).toMatchObject({ status: 'infected', scan_status: 'infected', download: null, versions: [expect.objectContaining({ status: 'infected' })] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('document_infected');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('document_infected');
    expect(await headObject(document.key)).toBeNull();
    expect(activity.data.filter((entry: { action: string }) => entry.action === 'document.infected')).toEqual([
      expect.objectContaining({ actor_id: 'system:malware-scan', entity_id: document.id, changes: [{ field: 'scan_status', before: 'pending', after: 'infected' }] }),
    ]);
    expect(notifications.filter((notification) => notification.kind === 'document.infected')).toEqual([
      expect.objectContaining({ entity_id: document.id, message: expect.stringContaining('"Totally a menu" (version 1)') }),
    ]);
    expect(capture.events.filter((entry) => entry.kind === 'upload.infected')).toEqual([
      expect.objectContaining({ log_type: 'security', user_id: ada.userId, resource: `${document.id}/v1` }),
    ]);
  });

  it('records the same result once however often it is delivered', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);
    capture = captureSecurityEvents();

    const outcomes = [await deliver(document, true), await deliver(document, true)];
    const again = await deliver(document, false);
    await testEventBus.idle();
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);

    expect(outcomes).toEqual(['record', 'already']);
    expect(again).toBe('kept_infected');
    expect(activity.data.filter((entry: { action: string }) => entry.action === 'document.infected')).toHaveLength(1);
    expect(capture.events.filter((entry) => entry.kind === 'upload.infected')).toHaveLength(1);
  });

  it('keeps a version infected when a clean result arrives after the infected one, even before its confirmation', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);

    await deliver(document, true);
    const late = await deliver(document, false);
    const confirmed = await confirm(document);
    const stored = (await collection(event.id)).find((item) => item.sk === `DOCVERSION#${document.id}#0001`);

    expect(late).toBe('kept_infected');
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.code).toBe('document_infected');
    expect(stored).toMatchObject({ scan_status: 'infected', threats: ['EICAR-Test-File (not a virus)'] });
    expect((await shown(document)).status).toBe('infected');
  });

  it('makes a version available at once when its clean result came before the confirmation (GuardDuty scans on upload)', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);

    const early = await deliver(document, false);
    const before = await shown(document);
    const confirmed = await confirm(document);

    expect(early).toBe('record');
    expect(before).toMatchObject({ status: 'awaiting_upload', scan_status: null, uploaded: false });
    expect(confirmed.body.data).toMatchObject({ status: 'available', version: { status: 'available', scan_status: 'clean' } });
    expect((await download(document)).status).toBe(200);
  });

  it('ignores a clean result about other bytes than those confirmed, and results for versions that are gone or not ours', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);
    const deleted = await uploadText(event.id, menu, 'Old menu');
    await confirm(document);
    await testEventBus.idle();
    await expectStatus(200, ada, 'DELETE', `/api/documents/${deleted.id}`);

    const otherBytes = await deliver({ ...document, etag: 'not-the-confirmed-bytes' }, false);
    const gone = await deliver(deleted, true);
    const foreignBucket = await recordScan(scanResultEvent({ key: document.key, etag: document.etag, infected: true, bucket: 'someone-elses-bucket' }), lambdaContext('document-scan-test'));
    const notAVersion = await recordScan(scanResultEvent({ key: 'events/x/elsewhere', etag: document.etag, infected: true }), lambdaContext('document-scan-test'));
    const malformed = await recordScan({ ...scanResultEvent({ key: document.key, etag: document.etag, infected: true }), detail: { scanStatus: 'COMPLETED' } }, lambdaContext('document-scan-test'));

    expect(otherBytes).toBe('other_bytes');
    expect([gone, foreignBucket, notAVersion, malformed]).toEqual(['gone', 'ignored', 'ignored', 'ignored']);
    expect((await shown(document)).status).toBe('available');
  });

  it('records nothing when the scanner gave no verdict (unsupported, failed): the version stays quarantined', async () => {
    const event = await createEvent(ada);
    const document = await uploadText(event.id, menu);
    const skipped = scanResultEvent({ key: document.key, etag: document.etag, infected: false });
    skipped.detail = { ...skipped.detail, scanStatus: 'SKIPPED', scanResultDetails: { scanResultStatus: 'UNSUPPORTED', threats: null } };

    const outcome = await recordScan(skipped, lambdaContext('document-scan-test'));
    const stored = (await collection(event.id)).find((item) => item.sk === `DOCVERSION#${document.id}#0001`);

    expect(outcome).toBe('unscanned');
    expect(stored).not.toHaveProperty('scan_status');
  });
});
