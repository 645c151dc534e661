import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * The page a password-reset mail links to: a plain HTML form (no JavaScript) for the new password, and
 * the page that says how it went. The token is in the page's cookie (shared/pages/mailed-link.ts), never
 * in the page.
 */
export function renderResetForm(problem?: string): string {
  return page('Choose a new password', html`<section class="card">
<h1>Choose a new password</h1>
${problem ? html`<p class="notice problem" id="reset-problem" role="alert">${problem}</p>` : ''}
<p class="meta">At least ${PASSWORD_MIN_LENGTH} characters. Setting it signs you out everywhere.</p>
<form method="post" action="/password/reset">
<label for="new_password">New password</label>
<input type="password" id="new_password" name="new_password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required>
<label for="confirm_password">The same again</label>
<input type="password" id="confirm_password" name="confirm_password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required>
<button type="submit">Set the new password</button>
</form>
</section>`);
}

export function renderResetDone(): string {
  return page('Password changed', html`<section class="card" id="reset-done">
<h1>Your password is changed</h1>
<p>Every session of your account has ended. Sign in again with the new password.</p>
</section>`);
}

export function renderResetRefused(text: string): string {
  return page('This link does not work', html`<section class="card" id="reset-refused">
<h1>This link does not work</h1>
<p>${text}</p>
</section>`);
}
