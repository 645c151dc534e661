import { beforeAll, describe, expect, it } from 'vitest';
import { headObject } from '../../shared/data/documents/bucket.ts';
import { testEventBus } from '../support/event-bus.ts';
import { pdfBytes } from '../support/file-bytes.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

let ada: SignedInUser;
let bob: SignedInUser;

beforeAll(async () => {
  [ada, bob] = await Promise.all([signedInUser(), signedInUser()]);
});

const pdf = { name: 'Venue contract', category: 'contract', content_type: 'application/pdf', file_name: 'contract.pdf' };

/** Creates a document declaring `bytes`, answering the created body. */
const addDocument = async (eventId: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) =>
  (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/documents`, { body: { ...pdf, size: bytes.length, ...extra } })).data;

/** PUTs bytes to a presigned upload as a browser would, with the headers the API answered. */
const upload = (target: { url: string; headers: Record<string, string> }, bytes: Uint8Array) =>
  fetch(target.url, { method: 'PUT', headers: target.headers, body: bytes });

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Confirms a version's upload and lets the local malware scan (the stub, on the local bus) clear it for download. */
async function confirmAndScan(documentId: string, version: number) {
  await expectStatus(200, ada, 'POST', `/api/documents/${documentId}/versions/${version}/confirm`);
  await testEventBus.idle();
}

/** Whether the bucket still holds the object of a document's version. */
const stored = async (eventId: string, documentId: string, version: number) => (await headObject(`events/${eventId}/documents/${documentId}/v${version}`)) !== null;

describe('documents', () => {
  it('uploads through the presigned PUT and downloads the same bytes through the presigned GET', async () => {
    const event = await createEvent(ada);
    const bytes = pdfBytes(3000).map((byte, index) => (index < 9 ? byte : index % 256));

    const document = await addDocument(event.id, bytes);
    const put = await upload(document.upload, bytes);
    await confirmAndScan(document.id, 1);
    const shown = await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`);
    const download = await fetch(shown.data.download.url);

    expect(put.status).toBe(200);
    expect(document).toMatchObject({ current_version: 1, size: 3000, content_type: 'application/pdf', uploaded_by: ada.userId, vendor_id: null });
    expect(shown.data.versions).toEqual([expect.objectContaining({ version: 1, size: 3000, uploaded_by: ada.userId })]);
    expect(Number(new URL(shown.data.download.url).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  // s3rver accepts any V4 signature (its check is unimplemented), so S3's refusal of a different size or
  // type cannot be shown locally; what makes S3 refuse it is that both headers are signed into the URL.
  it('binds the upload URL to the declared size and type by signing both headers', async () => {
    const event = await createEvent(ada);

    const document = await addDocument(event.id, bytesOf('twelve bytes'));
    const url = new URL(document.upload.url);

    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type']));
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(document.upload).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'application/pdf' } });
  });

  it('keeps a history of three versions, each its own object, the last one current', async () => {
    const event = await createEvent(ada);
    const contents = ['first draft', 'second draft', 'signed copy!'].map(bytesOf);
    const document = await addDocument(event.id, contents[0] as Uint8Array);
    await upload(document.upload, contents[0] as Uint8Array);

    for (const content of contents.slice(1)) {
      const added = await expectStatus(201, ada, 'POST', `/api/documents/${document.id}/versions`, { body: { content_type: 'text/plain', size: content.length } });
      expect((await upload(added.data.upload, content)).status).toBe(200);
    }
    await confirmAndScan(document.id, 3);
    const shown = await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`);

    expect(shown.data).toMatchObject({ current_version: 3, content_type: 'text/plain', size: contents[2]?.length });
    expect(shown.data.versions.map((version: { version: number; size: number }) => [version.version, version.size])).toEqual(contents.map((content, index) => [index + 1, content.length]));
    expect(await (await fetch(shown.data.download.url)).text()).toBe('signed copy!');
    const keys = (await collection(event.id)).filter((item) => String(item.sk).startsWith('DOCVERSION#')).map((item) => item.object_key);
    expect(keys).toEqual([1, 2, 3].map((number) => `events/${event.id}/documents/${document.id}/v${number}`));
  });

  it('lists documents with filters and records audit entries in the same writes', async () => {
    const event = await createEvent(ada);
    const vendor = (await expectStatus(201, ada, 'POST', `/api/events/${event.id}/vendors`, { body: { name: 'Bloom', service_type: 'Florist' } })).data;
    await addDocument(event.id, bytesOf('a'), { vendor_id: vendor.id });
    await addDocument(event.id, bytesOf('b'), { name: 'Menu', category: 'menu' });

    const all = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`);
    const menus = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`, { query: { category: 'menu' } });
    const linked = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`, { query: { vendor_id: vendor.id } });
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);

    expect(all.meta).toMatchObject({ count: 2, next_cursor: null });
    expect(menus.data.map((document: { name: string }) => document.name)).toEqual(['Menu']);
    expect(linked.data).toEqual([expect.objectContaining({ name: 'Venue contract', vendor_id: vendor.id })]);
    expect(activity.data.filter((entry: { action: string }) => entry.action === 'document.created')).toHaveLength(2);
  });

  it('deletes the metadata, every version and the objects', async () => {
    const event = await createEvent(ada);
    const document = await addDocument(event.id, bytesOf('old'));
    await upload(document.upload, bytesOf('old'));
    const before = await stored(event.id, document.id, 1);

    const removed = await expectStatus(200, ada, 'DELETE', `/api/documents/${document.id}`);
    const again = await call(ada, 'GET', `/api/documents/${document.id}`);

    expect(removed.data).toEqual({ id: document.id, deleted: true });
    expect(again.status).toBe(404);
    expect((await collection(event.id)).filter((item) => /^(DOCUMENT|DOCVERSION)#/.test(String(item.sk)))).toEqual([]);
    expect([before, await stored(event.id, document.id, 1)]).toEqual([true, false]);
  });

  it("removes an event's document files when the event is deleted", async () => {
    const event = await createEvent(ada);
    const document = await addDocument(event.id, bytesOf('signed contract'));
    await upload(document.upload, bytesOf('signed contract'));
    const before = await stored(event.id, document.id, 1);

    await expectStatus(200, ada, 'DELETE', `/api/events/${event.id}`);

    expect(await collection(event.id)).toEqual([]);
    expect([before, await stored(event.id, document.id, 1)]).toEqual([true, false]);
  });

  describe('bad input', () => {
    it.each([
      ['an unknown content type', { content_type: 'image/gif', size: 10 }, 'content_type'],
      ['a file over 25 MiB', { content_type: 'application/pdf', size: 25 * 1024 * 1024 + 1 }, 'size'],
      ['a zero size', { content_type: 'application/pdf', size: 0 }, 'size'],
      ['no name', { name: '', content_type: 'application/pdf', size: 10 }, 'name'],
      ['an unknown category', { category: 'gossip', content_type: 'application/pdf', size: 10 }, 'category'],
    ])('refuses %s with 400', async (_label, body, path) => {
      const event = await createEvent(ada);

      const response = await call(ada, 'POST', `/api/events/${event.id}/documents`, { body: { name: 'x', ...body } });

      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    });

    it('refuses a new version of an unknown type or too large', async () => {
      const event = await createEvent(ada);
      const document = await addDocument(event.id, bytesOf('x'));

      const gif = await call(ada, 'POST', `/api/documents/${document.id}/versions`, { body: { content_type: 'image/gif', size: 1 } });
      const huge = await call(ada, 'POST', `/api/documents/${document.id}/versions`, { body: { content_type: 'text/csv', size: 10 ** 9 } });

      expect([gif.status, huge.status]).toEqual([400, 400]);
    });

    it('refuses a vendor of another event or one that does not exist', async () => {
      const event = await createEvent(ada);
      const other = await createEvent(ada);
      const foreign = (await expectStatus(201, ada, 'POST', `/api/events/${other.id}/vendors`, { body: { name: 'Far', service_type: 'Band' } })).data;
      const missing = `${event.id}${foreign.id.slice(26)}`;

      const fromOther = await call(ada, 'POST', `/api/events/${event.id}/documents`, { body: { ...pdf, size: 1, vendor_id: foreign.id } });
      const gone = await call(ada, 'POST', `/api/events/${event.id}/documents`, { body: { ...pdf, size: 1, vendor_id: missing } });
      const listed = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`);

      expect([fromOther.status, gone.status]).toEqual([400, 400]);
      expect(gone.body.errors[0].path).toBe('vendor_id');
      expect(listed.data).toEqual([]);
    });

    it("answers 404 for another user's event and documents, and for ids that are not ours", async () => {
      const event = await createEvent(ada);
      const document = await addDocument(event.id, bytesOf('x'));

      const answers = await Promise.all([
        call(bob, 'GET', `/api/events/${event.id}/documents`),
        call(bob, 'POST', `/api/events/${event.id}/documents`, { body: { ...pdf, size: 1 } }),
        call(bob, 'GET', `/api/documents/${document.id}`),
        call(bob, 'POST', `/api/documents/${document.id}/versions`, { body: { content_type: 'application/pdf', size: 1 } }),
        call(bob, 'DELETE', `/api/documents/${document.id}`),
        call(ada, 'GET', '/api/documents/not-an-id'),
        call(ada, 'GET', `/api/documents/${event.id}${event.id}`),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
      expect((await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`)).data.current_version).toBe(1);
    });

    it('needs a token', async () => {
      const event = await createEvent(ada);

      const response = await call(null, 'GET', `/api/events/${event.id}/documents`);

      expect(response.status).toBe(401);
    });
  });
});
