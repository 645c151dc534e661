import { rotateLocalSealingKeys, rotateLocalTokenKeys } from '../infra/local/keys.ts';
import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run keys:rotate`: rotates the local token signing keys of the stack `npm start` runs, as the
 * rotation Lambda does in AWS (docs/token-keys.md): a new key pair is published, then signs. Tokens
 * signed before keep verifying until they expire; the running functions pick the new key up within
 * 5 minutes (their cache), or at once after a restart.
 *
 * `npm run keys:rotate -- sealing`: rotates the local sealing key set the same way (a new key in front,
 * every earlier one kept); the running functions seal under it within 5 minutes. Then re-seal and
 * retire the old key with `npm run admin` (docs/token-keys.md, "The sealing keys").
 */
const target = process.argv[2] ?? 'token';
if (target !== 'token' && target !== 'sealing') {
  console.error('Usage: npm run keys:rotate [-- sealing]');
  process.exit(2);
}
try {
  const { env } = await runningStackState();
  if (target === 'sealing') {
    if (!env.SEALING_KEY_FILE) throw new Error('the running stack names no sealing key file');
    const { kid } = await rotateLocalSealingKeys(env.SEALING_KEY_FILE, new Date());
    console.log(JSON.stringify({ rotated: 'sealing keys', kid }, null, 2));
  } else {
    const tokenSigningKeys = env.TOKEN_SIGNING_KEYS_FILE;
    const tokenVerificationKeys = env.TOKEN_VERIFICATION_KEYS_FILE;
    if (!tokenSigningKeys || !tokenVerificationKeys) throw new Error('the running stack names no token key files');
    const { kid } = await rotateLocalTokenKeys({ tokenSigningKeys, tokenVerificationKeys }, new Date());
    console.log(JSON.stringify({ rotated: true, kid }, null, 2));
  }
} catch (error) {
  console.error(`keys:rotate failed: ${(error as Error).message}`);
  process.exit(1);
}
