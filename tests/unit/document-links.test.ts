import { describe, expect, it } from 'vitest';
import { documentLinkProblems, linkedIdsOf, presentLinkedDocuments, withoutDocument } from '../../shared/domain/documents/links.ts';
import { uploadVerdict } from '../../shared/domain/documents/rules.ts';
import { createChecklistBody } from '../../shared/schemas/checklist.ts';

const contract = { id: 'D1', name: 'Venue contract', category: 'contract' as const, current_version: 2 };
const found = new Map([[contract.id, contract]]);

describe('document links', () => {
  it('names each id that is not a live document of the event by its position', () => {
    expect(documentLinkProblems(['D1', 'D9', 'other'], found)).toEqual([
      { path: 'document_ids.1', message: 'Not a document of this event' },
      { path: 'document_ids.2', message: 'Not a document of this event' },
    ]);
  });

  it('shows the documents that still exist, in the order linked, and reads each linked id once', () => {
    expect(presentLinkedDocuments(['D9', 'D1'], found)).toEqual([contract]);
    expect(presentLinkedDocuments(undefined, found)).toEqual([]);
    expect(linkedIdsOf([{ document_ids: ['D1', 'D2'] }, {}, { document_ids: ['D2', 'D3'] }])).toEqual(['D1', 'D2', 'D3']);
    expect(withoutDocument(['D1', 'D2'], 'D1')).toEqual(['D2']);
  });

  it('refuses links on a template application (its tasks are many) and more than 20 on one task', () => {
    const template = createChecklistBody.safeParse({ template: 'wedding', document_ids: ['D1'] });
    const tooMany = createChecklistBody.safeParse({ task: 'x', document_ids: Array.from({ length: 21 }, (_, index) => `D${index}`) });

    expect(template.success ? [] : template.error.issues.map((issue) => issue.path.join('.'))).toEqual(['document_ids']);
    expect(tooMany.success).toBe(false);
  });
});

describe('an upload against its declaration', () => {
  const declared = { size: 100, content_type: 'application/pdf' as const };

  it('is missing, matching (type parameters and case aside) or mismatched in size and type', () => {
    expect(uploadVerdict(declared, null)).toEqual({ outcome: 'missing' });
    expect(uploadVerdict(declared, { size: 100, content_type: 'Application/PDF; charset=binary' })).toEqual({ outcome: 'ok' });
    expect(uploadVerdict(declared, { size: 5, content_type: 'text/plain' })).toEqual({
      outcome: 'mismatch',
      problems: [
        { path: 'size', message: 'Declared 100 bytes, uploaded 5' },
        { path: 'content_type', message: 'Declared application/pdf, uploaded text/plain' },
      ],
    });
  });
});
