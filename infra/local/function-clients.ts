import { forgetSealingSecret } from '../../shared/auth/sealing-secret.ts';
import { forgetSigningKeys } from '../../shared/auth/signing-keys.ts';
import { forgetVerificationKeys } from '../../shared/auth/verification-keys.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { resetDbForTests } from '../../shared/data/client.ts';
import { resetS3ForTests } from '../../shared/data/documents/bucket.ts';
import { resetSesForTests } from '../../shared/email/ses.ts';
import { resetEventBusForTests } from '../../shared/events/bus.ts';
import { resetPushClientForTests } from '../../shared/realtime/push.ts';

/**
 * The functions read their configuration, key material and SDK clients once per container, from the
 * environment. A local process that changes the environment (a new local stack, the next test file in
 * the same process) calls this so all of them read it afresh.
 */
export function forgetConfigAndClients(): void {
  resetConfigForTests();
  resetDbForTests();
  resetS3ForTests();
  resetSesForTests();
  resetPushClientForTests();
  resetEventBusForTests();
  forgetSigningKeys();
  forgetVerificationKeys();
  forgetSealingSecret();
}
