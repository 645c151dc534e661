import { latestSesEvent } from '../../infra/local/ses-events.ts';

/**
 * Where the run's SES event log stood when the current test file began (tests/support/environment.ts notes
 * it). The emulator is the whole run's: a file hands the email-events function only the events after this
 * (tests/integration/invitations-fixtures.ts `deliverSesEvents`), not every earlier file's mail, which is
 * thousands of events by the end of `npm test`, each an invocation that finds no row in this file's table.
 */
let position = 0;

export async function noteSesLogAtFileStart(sesEndpoint: string): Promise<void> {
  position = await latestSesEvent(sesEndpoint);
}

export const sesLogAtFileStart = (): number => position;
