import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../../shared/data/client.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';
import { elfBytes, pdfBytes, pngBytes } from '../support/file-bytes.ts';

/**
 * Issue 7 follow-ups: checklist and timeline items linking documents of their event, and confirming a
 * document upload against what the bucket (s3rver) really holds.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

afterEach(() => vi.restoreAllMocks());

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A document declaring `size` bytes of PDF; answers the created body (with its upload target). */
const addDocument = async (eventId: string, name: string, size = 12, category = 'contract') =>
  (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/documents`, { body: { name, category, content_type: 'application/pdf', size } })).data;

const upload = (target: { url: string; headers: Record<string, string> }, bytes: Uint8Array) =>
  fetch(target.url, { method: 'PUT', headers: target.headers, body: bytes });

const summary = (document: { id: string; name: string; category: string }, currentVersion = 1) =>
  ({ id: document.id, name: document.name, category: document.category, current_version: currentVersion });

describe('checklist and timeline items linking documents', () => {
  it('links documents on create and update and shows their summaries in the item and the lists', async () => {
    const event = await createEvent(ada);
    const contract = await addDocument(event.id, 'Venue contract');
    const menu = await addDocument(event.id, 'Menu', 12, 'menu');

    const task = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'Book the venue', document_ids: [contract.id] } });
    const milestone = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: 'Tasting', due_date: '2027-03-01', document_ids: [menu.id, contract.id] } });
    const changed = await expectStatus(200, ada, 'PUT', `/api/checklist/${task.data.id}`, { body: { document_ids: [menu.id, contract.id] } });
    const checklist = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/checklist`);
    const timeline = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/timeline`);

    expect(task.data.documents).toEqual([summary(contract)]);
    expect(milestone.data.documents).toEqual([summary(menu), summary(contract)]);
    expect(changed.data).toMatchObject({ version: 2, documents: [summary(menu), summary(contract)] });
    const listed = checklist.data.flatMap((group: { items: unknown[] }) => group.items);
    expect(listed.find((item: { id: string }) => item.id === task.data.id)).toMatchObject({ documents: [summary(menu), summary(contract)] });
    expect(timeline.data.find((item: { id: string }) => item.id === milestone.data.id)).toMatchObject({ documents: [summary(menu), summary(contract)] });
    expect(timeline.data.find((item: { source: string }) => item.source === 'default')?.documents).toEqual([]);
  });

  it('reads the linked documents of a whole list in one BatchGetItem, not one read per item', async () => {
    const event = await createEvent(ada);
    const documents = await Promise.all(['A', 'B', 'C'].map((name) => addDocument(event.id, name)));
    for (const [index, document] of documents.entries()) {
      await expectStatus(201, ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: `Task ${index}`, document_ids: [document.id] } });
      await expectStatus(201, ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: `Item ${index}`, due_date: '2027-04-01', document_ids: [document.id] } });
    }
    const sends = vi.spyOn(db(), 'send');

    await expectStatus(200, ada, 'GET', `/api/events/${event.id}/checklist`);
    const checklistCalls = sends.mock.calls.map(([command]) => command.constructor.name);
    sends.mockClear();
    await expectStatus(200, ada, 'GET', `/api/events/${event.id}/timeline`);
    const timelineCalls = sends.mock.calls.map(([command]) => command.constructor.name);

    // The access read (with the session) and the item Query, then the one read of every linked document.
    expect(checklistCalls).toEqual(['BatchGetCommand', 'QueryCommand', 'BatchGetCommand']);
    expect(timelineCalls).toEqual(['BatchGetCommand', 'QueryCommand', 'BatchGetCommand']);
  });

  it("refuses with 400 a document of another event, one that does not exist, more than 20 and repeats, naming each path", async () => {
    const event = await createEvent(ada);
    const other = await createEvent(ada);
    const own = await addDocument(event.id, 'Own');
    const foreign = await addDocument(other.id, 'Foreign');
    const missing = `${event.id}${foreign.id.slice(26)}`;

    const mixed = await call(ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'x', document_ids: [own.id, foreign.id, missing, 'not-an-id'] } });
    const onTimeline = await call(ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: 'x', due_date: '2027-01-01', document_ids: [foreign.id] } });
    const tooMany = await call(ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'x', document_ids: Array.from({ length: 21 }, (_, index) => `${own.id}${index}`) } });
    const repeated = await call(ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: 'x', due_date: '2027-01-01', document_ids: [own.id, own.id] } });
    const task = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'Keep' } });
    const update = await call(ada, 'PUT', `/api/checklist/${task.data.id}`, { body: { document_ids: [missing] } });

    expect(mixed.status).toBe(400);
    expect(mixed.body.code).toBe('validation_error');
    expect(mixed.body.errors.map((error: { path: string }) => error.path)).toEqual(['document_ids.1', 'document_ids.2', 'document_ids.3']);
    expect([onTimeline.status, tooMany.status, repeated.status, update.status]).toEqual([400, 400, 400, 400]);
    expect(onTimeline.body.errors).toEqual([{ path: 'document_ids.0', message: 'Not a document of this event' }]);
    expect(update.body.errors[0].path).toBe('document_ids.0');
    expect((await collection(event.id)).filter((item) => Array.isArray(item.document_ids))).toEqual([]);
  });

  it('unlinks a deleted document from every item linking it, in the same write, keeping the items', async () => {
    const event = await createEvent(ada);
    const old = await addDocument(event.id, 'Old contract');
    const kept = await addDocument(event.id, 'Floor plan', 12, 'floor_plan');
    const task = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'Sign', document_ids: [old.id, kept.id] } });
    const item = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: 'Sign', due_date: '2027-02-01', document_ids: [old.id] } });

    await expectStatus(200, ada, 'DELETE', `/api/documents/${old.id}`);
    const checklist = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/checklist`);
    const timeline = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/timeline`);
    const stored = await collection(event.id);
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);

    expect(checklist.data[0].items[0]).toMatchObject({ id: task.data.id, version: 2, documents: [summary(kept)] });
    expect(timeline.data.find((entry: { id: string }) => entry.id === item.data.id)).toMatchObject({ version: 2, documents: [] });
    expect(stored.find((entry) => entry.id === task.data.id)?.document_ids).toEqual([kept.id]);
    expect(stored.find((entry) => entry.id === item.data.id)).not.toHaveProperty('document_ids');
    expect(activity.data.find((entry: { action: string }) => entry.action === 'document.deleted').changes).toContainEqual(
      { field: 'unlinked_items', before: expect.arrayContaining([task.data.id, item.data.id]), after: null },
    );
  });

  it('clears the links with null and records them in the audit entry', async () => {
    const event = await createEvent(ada);
    const document = await addDocument(event.id, 'Run sheet', 12, 'run_sheet');
    const item = await expectStatus(201, ada, 'POST', `/api/events/${event.id}/timeline`, { body: { title: 'Rehearse', due_date: '2027-02-01', document_ids: [document.id] } });

    const cleared = await expectStatus(200, ada, 'PUT', `/api/timeline/${item.data.id}`, { body: { document_ids: null } });
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);

    expect(cleared.data.documents).toEqual([]);
    expect(activity.data.find((entry: { action: string }) => entry.action === 'timeline.updated').changes).toEqual([{ field: 'document_ids', before: [document.id], after: null }]);
  });
});

describe('confirming a document upload', () => {
  it('refuses a version never uploaded with 409 upload_missing, then marks it uploaded once the file is there', async () => {
    const event = await createEvent(ada);
    const bytes = pdfBytes(12);
    const document = await addDocument(event.id, 'Contract', bytes.length);

    const early = await call(ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
    const before = await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`);
    await upload(document.upload, bytes);
    const confirmed = await expectStatus(200, ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
    const again = await expectStatus(200, ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
    const shown = await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`);
    const listed = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/documents`);
    const activity = await expectStatus(200, ada, 'GET', `/api/events/${event.id}/activity`);

    expect(early.status).toBe(409);
    expect(early.body.code).toBe('upload_missing');
    expect(document.version.uploaded).toBe(false);
    expect(before.data).toMatchObject({ uploaded: false, versions: [expect.objectContaining({ version: 1, uploaded: false, confirmed_at: null })] });
    expect(confirmed.data).toMatchObject({ id: document.id, uploaded: true, version: { version: 1, uploaded: true, confirmed_at: expect.any(String) } });
    expect(again.data.version.confirmed_at).toBe(confirmed.data.version.confirmed_at);
    expect(shown.data).toMatchObject({ uploaded: true, versions: [expect.objectContaining({ version: 1, uploaded: true })] });
    expect(listed.data).toEqual([expect.objectContaining({ id: document.id, uploaded: true })]);
    const uploads = activity.data.filter((entry: { action: string }) => entry.action === 'document.uploaded');
    expect(uploads).toEqual([expect.objectContaining({ entity_type: 'document', entity_id: document.id, actor_id: ada.userId })]);
  });

  // s3rver does not enforce the signed Content-Length, so a file of another size lands there; the
  // confirmation is what catches it.
  it('refuses with 422 upload_mismatch a file whose size or type differs from the declaration', async () => {
    const event = await createEvent(ada);
    const document = await addDocument(event.id, 'Contract', 100);
    await fetch(document.upload.url, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: bytesOf('short') });

    const response = await call(ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
    const shown = await expectStatus(200, ada, 'GET', `/api/documents/${document.id}`);

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('upload_mismatch');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['size', 'content_type']);
    expect(shown.data.versions[0].uploaded).toBe(false);
  });

  it('refuses with 422 a file whose bytes are not its declared type: a PNG sent as a PDF, an executable sent as text', async () => {
    const event = await createEvent(ada);
    const declared = async (content_type: string, bytes: Uint8Array) => {
      const document = (await expectStatus(201, ada, 'POST', `/api/events/${event.id}/documents`, { body: { name: `As ${content_type}`, category: 'other', content_type, size: bytes.length } })).data;
      expect((await upload(document.upload, bytes)).status).toBe(200);
      return { document, answer: await call(ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`) };
    };

    const png = await declared('application/pdf', pngBytes(64));
    const elf = await declared('text/plain', elfBytes(64));
    const text = await declared('text/plain', bytesOf('Starter: tomatoes\nMain: sea bass, or risotto\n'));

    expect([png.answer.status, elf.answer.status]).toEqual([422, 422]);
    expect(png.answer.body).toMatchObject({ code: 'upload_mismatch', errors: [{ path: 'content', message: "The file's bytes are image/png, not application/pdf" }] });
    expect(elf.answer.body.errors).toEqual([{ path: 'content', message: "The file's bytes are application/x-elf, not text/plain" }]);
    expect((await expectStatus(200, ada, 'GET', `/api/documents/${png.document.id}`)).data.uploaded).toBe(false);
    expect(text.answer.status).toBe(200);
  });

  it('confirms an older version without marking the document (its current version is another), and 404s an unknown one', async () => {
    const event = await createEvent(ada);
    const first = pdfBytes(12);
    const document = await addDocument(event.id, 'Plan', first.length);
    await upload(document.upload, first);
    await expectStatus(201, ada, 'POST', `/api/documents/${document.id}/versions`, { body: { content_type: 'application/pdf', size: 3 } });

    const confirmed = await expectStatus(200, ada, 'POST', `/api/documents/${document.id}/versions/1/confirm`);
    const unknown = await call(ada, 'POST', `/api/documents/${document.id}/versions/7/confirm`);
    const badNumber = await call(ada, 'POST', `/api/documents/${document.id}/versions/x/confirm`);

    expect(confirmed.data).toMatchObject({ current_version: 2, uploaded: false, version: { version: 1, uploaded: true } });
    expect(unknown.status).toBe(404);
    expect(badNumber.status).toBe(400);
  });
});
