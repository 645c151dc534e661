/** A message as the SES emulator keeps it (aws-ses-v2-local's store), the parts tests and the demo read. */
export type StoredEmail = {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { contentType: string; filename?: string; content: string }[];
};

/**
 * The messages the SES emulator at `endpoint` received for recipients containing `to`, oldest first,
 * filtered inside the emulator (infra/local/ses-emulator.ts): the whole store grows with every message a
 * run sends, and reading it all per look made each look cost seconds.
 */
export async function storedEmailsTo(endpoint: string, to: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`the SES emulator's store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}
