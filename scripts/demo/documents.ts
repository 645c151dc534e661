import type { Api } from './api.ts';

/**
 * Documents uploaded as a frontend uploads them: the API answers a presigned URL, the bytes go straight
 * to the bucket (the S3 emulator locally), and the upload is confirmed so the API checks the file. The
 * malware scan clears each confirmed file a moment later (locally the stub on the bus): the world is
 * ready once none is quarantined, so the files can be downloaded.
 */
type DocumentPlan = { name: string; category: string; file_name: string; content_type: string; vendor?: string; content: (couple: string) => string };

const documents: DocumentPlan[] = [
  { name: 'Venue contract', category: 'contract', file_name: 'venue-contract.pdf', content_type: 'application/pdf', vendor: 'venue', content: (couple) => minimalPdf(`Venue hire agreement for ${couple}`) },
  { name: 'Dinner menu', category: 'menu', file_name: 'menu.txt', content_type: 'text/plain', vendor: 'catering', content: () => 'Starter: heirloom tomatoes\nMain: sea bass or wild mushroom risotto\nDessert: wedding cake\n' },
  { name: 'Run sheet', category: 'run_sheet', file_name: 'run-sheet.csv', content_type: 'text/csv', content: () => 'time,what\n14:00,Ceremony\n15:00,Drinks and photographs\n18:00,Dinner\n21:00,Band\n' },
];

/** A one-page PDF with a line of text: enough for a viewer to open. */
function minimalPdf(text: string): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  return `${body}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

export async function uploadDocuments(api: Api, token: string, eventId: string, couple: string, vendorIds: Record<string, string>): Promise<number> {
  for (const plan of documents) {
    const bytes = Buffer.from(plan.content(couple), 'latin1');
    const { data } = await api.call('POST', `/api/events/${eventId}/documents`, {
      token,
      body: {
        name: plan.name, category: plan.category, file_name: plan.file_name, content_type: plan.content_type, size: bytes.length,
        ...(plan.vendor ? { vendor_id: vendorIds[plan.vendor] } : {}),
      },
    });
    const upload = await fetch(data.upload.url, { method: 'PUT', headers: data.upload.headers, body: bytes });
    if (!upload.ok) throw new Error(`Uploading ${plan.file_name} to the bucket answered ${upload.status}: ${await upload.text()}`);
    await api.call('POST', `/api/documents/${data.id}/versions/${data.version.version}/confirm`, { token });
  }
  await scanned(api, token, eventId);
  return documents.length;
}

const SCAN_DEADLINE_MS = 30_000;

/** Waits until no document of the event is quarantined (the scan is asynchronous, in AWS too). */
async function scanned(api: Api, token: string, eventId: string): Promise<void> {
  const deadline = Date.now() + SCAN_DEADLINE_MS;
  for (;;) {
    const { data } = await api.call<Array<{ name: string; status: string }>>('GET', `/api/events/${eventId}/documents`, { token });
    const waiting = data.filter((document) => document.status === 'quarantined');
    if (waiting.length === 0) return;
    if (Date.now() > deadline) throw new Error(`The malware scan did not clear ${waiting.map((document) => document.name).join(', ')} within ${SCAN_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
