import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * The page a verification link opens. Opening it changes nothing (mail scanners fetch links before
 * people do): it shows one button, whose plain form POST (no JavaScript) verifies the address.
 */
export function renderVerifyEmailPage(): string {
  return page(
    'Confirm your email address',
    html`<section class="card">
<h1>Confirm your email address</h1>
<p>Press the button to confirm that this email address is yours.</p>
<form method="post" action="/verify-email">
<button type="submit" id="confirm-email" name="confirm" value="yes">Confirm my email address</button>
</form>
</section>`,
  );
}

/** After the button: the address is confirmed (and, for an email change, now the account's). */
export function renderEmailVerifiedPage(email: string, changed: boolean): string {
  return page(
    'Email address confirmed',
    html`<section class="card">
<h1>Email address confirmed</h1>
<p class="notice" role="status" id="page-message">${changed ? html`Your account's email address is now ${email}.` : html`Thank you: ${email} is confirmed.`}</p>
<p>You can close this page and go back to the app.</p>
</section>`,
  );
}
