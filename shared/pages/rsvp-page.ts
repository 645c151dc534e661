import type { RsvpStatus } from '../domain/guests/rules.ts';
import { type InvitationView, spokenDateTime } from '../domain/rsvp/view.ts';
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';

/**
 * The page a guest opens from the invitation: the event, their answer so far, and a plain HTML form
 * (no JavaScript) to answer, or the answer read-only once answering has closed.
 */
export type PageMessage = { kind: 'saved' | 'problem'; text: string };

const statusWords: Record<RsvpStatus, string> = {
  pending: 'Not answered yet',
  yes: 'Attending',
  no: 'Not attending',
  maybe: 'Maybe',
  waitlisted: 'On the waitlist (we will let you know when a seat is free)',
};

const choices = [
  { value: 'yes', label: 'Yes, I will attend' },
  { value: 'no', label: 'No, I cannot' },
  { value: 'maybe', label: 'Maybe' },
] as const;

function eventCard(view: InvitationView): SafeHtml {
  const { event } = view;
  return html`<section class="card">
<h1>${event.name}</h1>
<p class="meta" id="event-when">${spokenDateTime(event.event_date, event.timezone)}</p>
${event.location_name || event.location_address ? html`<p class="meta" id="event-where">${[event.location_name, event.location_address].filter(Boolean).join(', ')}</p>` : ''}
${event.host_name ? html`<p class="meta">Hosted by ${event.host_name}</p>` : ''}
${event.description ? html`<p>${event.description}</p>` : ''}
</section>`;
}

function answerCard(view: InvitationView): SafeHtml {
  const { guest } = view;
  return html`<section class="card" id="current-answer">
<h2>Your answer, ${guest.name}</h2>
<dl>
<dt>Answer</dt><dd id="answer-status">${statusWords[guest.rsvp_status]}</dd>
${guest.plus_one_allowed ? html`<dt>Plus-ones</dt><dd id="answer-plus-ones">${guest.plus_one_count}</dd>` : ''}
${guest.dietary_restrictions.length ? html`<dt>Dietary restrictions</dt><dd>${guest.dietary_restrictions.join(', ')}</dd>` : ''}
${guest.special_needs ? html`<dt>Special needs</dt><dd>${guest.special_needs}</dd>` : ''}
${guest.rsvp_note ? html`<dt>Your note</dt><dd>${guest.rsvp_note}</dd>` : ''}
</dl>
</section>`;
}

function answerForm(view: InvitationView): SafeHtml {
  const { guest } = view;
  const counts = Array.from({ length: guest.plus_one_limit + 1 }, (_, count) => count);
  return html`<section class="card">
<h2>${guest.rsvp_status === 'pending' ? 'Will you come?' : 'Change your answer'}</h2>
<form method="post" action="/rsvp">
<fieldset><legend>Your answer</legend><div class="choices">
${choices.map((choice) => html`<label><input type="radio" name="status" value="${choice.value}" required${checked(guest.rsvp_status, choice.value)}>${choice.label}</label>`)}
</div></fieldset>
${guest.plus_one_allowed ? html`<label for="plus_one_count">Plus-ones (up to ${guest.plus_one_limit})</label>
<select id="plus_one_count" name="plus_one_count">${counts.map((count) => html`<option value="${count}"${count === guest.plus_one_count ? html` selected` : ''}>${count}</option>`)}</select>` : ''}
<label for="dietary_restrictions">Dietary restrictions</label>
<input type="text" id="dietary_restrictions" name="dietary_restrictions" maxlength="600" placeholder="e.g. vegetarian, no nuts" value="${guest.dietary_restrictions.join(', ')}">
<label for="special_needs">Special needs</label>
<input type="text" id="special_needs" name="special_needs" maxlength="1000" value="${guest.special_needs ?? ''}">
<label for="note">A note for the host</label>
<textarea id="note" name="note" maxlength="1000">${guest.rsvp_note ?? ''}</textarea>
<button type="submit">Send my answer</button>
</form>
${view.rsvp_closes_at ? html`<p class="meta">You can change your answer until ${spokenDateTime(view.rsvp_closes_at, view.event.timezone)}.</p>` : ''}
</section>`;
}

const checked = (current: RsvpStatus, value: string) => (current === value || (current === 'waitlisted' && value === 'yes') ? html` checked` : '');

export function renderRsvpPage(view: InvitationView, message?: PageMessage): string {
  const closed = html`<section class="card"><p id="rsvp-closed">Answers are closed${
    view.rsvp_closes_at ? html` since ${spokenDateTime(view.rsvp_closes_at, view.event.timezone)}` : ''
  }. Contact your host to change anything.</p></section>`;
  return page(
    `${view.event.name}: your invitation`,
    html`${message ? html`<p class="notice${message.kind === 'problem' ? ' problem' : ''}" role="status" id="page-message">${message.text}</p>` : ''}
${eventCard(view)}
${answerCard(view)}
${view.rsvp_open ? answerForm(view) : closed}`,
  );
}

/** A friendly page for an unknown code, too many attempts, or a failure on our side. */
export function renderProblemPage(title: string, text: string): string {
  return page(title, html`<section class="card"><h1>${title}</h1><p>${text}</p></section>`);
}
