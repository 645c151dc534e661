import type { RsvpStatus } from '../domain/guests/rules.ts';
import type { StoredAnswer, StoredAnswers } from '../domain/questions/answers.ts';
import type { InvitationPartyAnswers, InvitationQuestion, InvitationView } from '../domain/rsvp/view.ts';
import type { GuestSubEventView } from '../domain/sub-events/rules.ts';
import { spokenDateTime, spokenNumber } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import { html, type SafeHtml, trusted } from './html.ts';
import { page } from './layout.ts';

/**
 * The page a guest opens from the invitation, in the guest's language: the event, their answer so far,
 * and a plain HTML form (no JavaScript) to answer and to give new contact details, or the answer
 * read-only once answering has closed. The contact fields start empty: the page never shows the guest's
 * email or phone, so a forwarded link reveals neither. The event's custom questions (docs/questions.md)
 * are plain form fields too; the server checks them (an attending-only question is not marked required
 * in HTML, since a guest answering no leaves it empty).
 */
export type PageMessage = { kind: 'saved' | 'problem'; text: string };

/** An attending guest's check-in code and its QR code (SVG made by the qrcode package from the code alone). */
export type CheckInPass = { code: string; qrSvg: string };

function checkInCard(pass: CheckInPass, words: Messages): SafeHtml {
  return html`<section class="card" id="check-in">
<h2>${words.checkIn.heading}</h2>
<p>${words.checkIn.hint}</p>
<div id="check-in-qr" role="img" aria-label="${words.checkIn.codeLabel}">${trusted(pass.qrSvg)}</div>
<p class="meta">${words.checkIn.codeLabel}: <code id="check-in-code">${pass.code}</code></p>
</section>`;
}

const answers = ['yes', 'no', 'maybe'] as const;

export function eventCard(view: Pick<InvitationView, 'event'>, words: Messages, language: Language): SafeHtml {
  const { event } = view;
  return html`<section class="card">
<h1>${event.name}</h1>
<p class="meta" id="event-when">${spokenDateTime(event.event_date, event.timezone, language)}</p>
${event.location_name || event.location_address ? html`<p class="meta" id="event-where">${[event.location_name, event.location_address].filter(Boolean).join(', ')}</p>` : ''}
${event.host_name ? html`<p class="meta">${words.page.hostedBy(event.host_name)}</p>` : ''}
${event.description ? html`<p>${event.description}</p>` : ''}
</section>`;
}

/** What the guest's page shows: their invitation and, for a party member, the party's per_party answers (read-only here). */
export type RsvpPageView = InvitationView & { party?: InvitationPartyAnswers | null };

/** A party member's read-only view of what their party answered once for all (no form field: the party's link answers it). */
function partyAnswers(party: InvitationPartyAnswers, words: Messages, language: Language): SafeHtml | string {
  const given = answeredIn(party.questions, party.answers);
  if (given.length === 0) return '';
  return html`<h3 id="party-answers-heading">${words.party.heading(party.name)}</h3>
<p class="meta">${words.party.answeredForParty}</p>
<dl id="party-answers">
${given.map((question) => html`<dt>${question.label}</dt><dd class="party-answer" id="party-answer-${question.id}">${answerText(question, party.answers[question.id] as StoredAnswer, words, language)}</dd>`)}
</dl>`;
}

function answerCard(view: RsvpPageView, words: Messages, language: Language): SafeHtml {
  const { guest } = view;
  const { page: text } = words;
  return html`<section class="card" id="current-answer">
<h2>${text.yourAnswer(guest.name)}</h2>
<dl>
<dt>${text.answer}</dt><dd id="answer-status">${words.answers[guest.rsvp_status]}</dd>
${guest.plus_one_allowed ? html`<dt>${text.plusOnes}</dt><dd id="answer-plus-ones">${guest.plus_one_count}</dd>` : ''}
${guest.dietary_restrictions.length ? html`<dt>${text.dietary}</dt><dd>${guest.dietary_restrictions.join(', ')}</dd>` : ''}
${guest.special_needs ? html`<dt>${text.specialNeeds}</dt><dd>${guest.special_needs}</dd>` : ''}
${guest.rsvp_note ? html`<dt>${text.yourNote}</dt><dd>${guest.rsvp_note}</dd>` : ''}
${view.questions.filter((question) => guest.answers[question.id] !== undefined).map((question) => html`<dt>${question.label}</dt><dd>${answerText(question, guest.answers[question.id] as StoredAnswer, words, language)}</dd>`)}
${view.sub_events.map((subEvent) => html`<dt>${subEvent.title}</dt><dd id="sub-event-status-${subEvent.id}">${words.answers[subEvent.status]}</dd>
${answeredIn(subEvent.questions, guest.answers).map((question) => html`<dt>${question.label}</dt><dd class="sub-event-answer" id="answer-${question.id}">${answerText(question, guest.answers[question.id] as StoredAnswer, words, language)}</dd>`)}`)}
</dl>
${view.party ? partyAnswers(view.party, words, language) : ''}
${guest.rsvp_status === 'yes' || view.sub_events.some((subEvent) => subEvent.status === 'yes') ? html`<p><a id="add-to-calendar" href="/rsvp/calendar.ics">${text.addToCalendar}</a></p>` : ''}
</section>`;
}

function answerForm(view: InvitationView, words: Messages, language: Language): SafeHtml {
  const { guest } = view;
  const { page: text } = words;
  const counts = Array.from({ length: guest.plus_one_limit + 1 }, (_, count) => count);
  return html`<section class="card">
<h2>${guest.rsvp_status === 'pending' ? text.willYouCome : text.changeAnswer}</h2>
<form method="post" action="/rsvp">
<fieldset><legend>${text.yourAnswerLegend}</legend><div class="choices">
${answers.map((answer) => html`<label><input type="radio" name="status" value="${answer}" required${checked(guest.rsvp_status, answer)}>${text.choices[answer]}</label>`)}
</div></fieldset>
${guest.plus_one_allowed ? html`<label for="plus_one_count">${text.plusOnesUpTo(guest.plus_one_limit)}</label>
<select id="plus_one_count" name="plus_one_count">${counts.map((count) => html`<option value="${count}"${count === guest.plus_one_count ? html` selected` : ''}>${count}</option>`)}</select>` : ''}
<label for="dietary_restrictions">${text.dietary}</label>
<input type="text" id="dietary_restrictions" name="dietary_restrictions" maxlength="600" placeholder="${text.dietaryExample}" value="${guest.dietary_restrictions.join(', ')}">
<label for="special_needs">${text.specialNeeds}</label>
<input type="text" id="special_needs" name="special_needs" maxlength="1000" value="${guest.special_needs ?? ''}">
<label for="note">${text.noteForHost}</label>
<textarea id="note" name="note" maxlength="1000">${guest.rsvp_note ?? ''}</textarea>
${view.questions.map((question) => questionField(question, guest.answers[question.id], words))}
${view.sub_events.length > 0 ? html`<h3>${text.subEvents}</h3>${view.sub_events.map((subEvent) => subEventField(subEvent, view.event.timezone, words, language, undefined, guest.answers))}` : ''}
<fieldset><legend>${text.contact}</legend>
<p class="meta" id="contact-hint">${text.contactHint}</p>
<label for="email">${text.email}</label>
<input type="email" id="email" name="email" maxlength="254" autocomplete="email" aria-describedby="contact-hint">
<label for="phone">${text.phone}</label>
<input type="tel" id="phone" name="phone" maxlength="30" autocomplete="tel" aria-describedby="contact-hint">
</fieldset>
<button type="submit">${text.send}</button>
</form>
${view.rsvp_closes_at ? html`<p class="meta">${text.changeUntil(spokenDateTime(view.rsvp_closes_at, view.event.timezone, language))}</p>` : ''}
</section>`;
}

/**
 * One sub-event the guest is invited to (docs/sub-events.md): its time and place, and yes / no named
 * `sub_events.<id>` as rsvpFormBody reads it (left unticked: no answer for it). A party's page puts each
 * member's under the member's prefix (`members.<i>.`) and id (`m<i>-`).
 */
export function subEventField(
  subEvent: GuestSubEventView & { questions?: InvitationQuestion[] }, timezone: string, words: Messages, language: Language,
  member?: { prefix: string; idPrefix: string }, answers: StoredAnswers = {},
): SafeHtml {
  const place = [subEvent.location_name, subEvent.location_address].filter(Boolean).join(', ');
  const on = (value: string) => (subEvent.status === value || (subEvent.status === 'waitlisted' && value === 'yes') ? html` checked` : '');
  return html`<fieldset id="${member?.idPrefix ?? ''}sub-event-${subEvent.id}"><legend>${subEvent.title} <span class="meta">${spokenDateTime(subEvent.starts_at, timezone, language)}${place ? html`, ${place}` : ''}</span></legend><div class="choices">
${(['yes', 'no'] as const).map((answer) => html`<label><input type="radio" name="${member?.prefix ?? ''}sub_events.${subEvent.id}" value="${answer}"${on(answer)}>${words.page.choices[answer]}</label>`)}
</div>
${(subEvent.questions ?? []).map((question) => questionField(question, answers[question.id], words, member?.prefix ?? ''))}
</fieldset>`;
}

/** The questions of a list that hold an answer, in the list's order: what a "your answer" card shows of them. */
export const answeredIn = (questions: readonly InvitationQuestion[], answers: StoredAnswers): InvitationQuestion[] => questions.filter((question) => answers[question.id] !== undefined);

/** An answer as the guest reads it: option labels, yes / no and numbers in their language. */
export function answerText(question: InvitationQuestion, answer: StoredAnswer, words: Messages, language: Language): string {
  if (typeof answer === 'boolean') return answer ? words.page.questions.yes : words.page.questions.no;
  if (Array.isArray(answer)) return answer.map((id) => question.options.find((option) => option.id === id)?.label ?? id).join(', ');
  return typeof answer === 'number' ? spokenNumber(answer, language) : answer;
}

/**
 * One question's field(s), named as rsvpFormBody reads them: `answers.<question>` (and `.<option>` per
 * checkbox); on a party's page under the member's `prefix` (`members.0.`), with ids made unique by it.
 */
export function questionField(question: InvitationQuestion, answer: StoredAnswer | undefined, words: Messages, prefix = ''): SafeHtml {
  const { questions: text } = words.page;
  const name = `${prefix}answers.${question.id}`;
  const fieldId = `${prefix.replaceAll('.', '-')}q-${question.id}`;
  const notes = [question.required ? text.required : '', question.audience === 'attending' ? text.ifAttending : ''].filter(Boolean).join(', ');
  const legend = html`${question.label}${notes ? html` <span class="meta">(${notes})</span>` : ''}`;
  const chosen = new Set(Array.isArray(answer) ? answer : typeof answer === 'boolean' ? [answer ? 'yes' : 'no'] : []);
  const mark = (on: boolean) => (on ? html` checked` : '');
  if (question.kind === 'multiple_choice') {
    return html`<fieldset id="${fieldId}"><legend>${legend}</legend><input type="hidden" name="${name}" value=""><div class="choices">
${question.options.map((option) => html`<label><input type="checkbox" name="${name}.${option.id}" value="1"${mark(chosen.has(option.id))}>${option.label}</label>`)}
</div></fieldset>`;
  }
  if (question.kind === 'single_choice' || question.kind === 'yes_no') {
    const options = question.kind === 'yes_no' ? [{ id: 'yes', label: text.yes }, { id: 'no', label: text.no }] : question.options;
    return html`<fieldset id="${fieldId}"><legend>${legend}</legend><div class="choices">
${options.map((option) => html`<label><input type="radio" name="${name}" value="${option.id}"${mark(chosen.has(option.id))}>${option.label}</label>`)}
${question.required ? '' : html`<label><input type="radio" name="${name}" value=""${mark(chosen.size === 0)}>${text.noAnswer}</label>`}
</div></fieldset>`;
  }
  const value = answer === undefined ? '' : String(answer);
  return html`<label for="${fieldId}">${legend}</label>
${question.kind === 'number'
    ? html`<input type="number" step="any" id="${fieldId}" name="${name}" value="${value}">`
    : html`<input type="text" id="${fieldId}" name="${name}" maxlength="500" value="${value}">`}`;
}

const checked = (current: RsvpStatus, value: string) => (current === value || (current === 'waitlisted' && value === 'yes') ? html` checked` : '');

export function renderRsvpPage(view: RsvpPageView, language: Language, message?: PageMessage, checkIn?: CheckInPass): string {
  const words = messagesFor(language);
  const since = view.rsvp_closes_at ? spokenDateTime(view.rsvp_closes_at, view.event.timezone, language) : null;
  const closed = html`<section class="card"><p id="rsvp-closed">${words.page.closed(since)}</p></section>`;
  return page(
    words.page.title(view.event.name),
    html`${message ? html`<p class="notice${message.kind === 'problem' ? ' problem' : ''}" role="status" id="page-message">${message.text}</p>` : ''}
${eventCard(view, words, language)}
${answerCard(view, words, language)}
${checkIn ? checkInCard(checkIn, words) : ''}
${view.rsvp_open ? answerForm(view, words, language) : closed}`,
    language,
  );
}

/** A friendly page for an unknown code, too many attempts, or a failure on our side. */
export function renderProblemPage(title: string, text: string, language: Language = 'en'): string {
  return page(title, html`<section class="card"><h1>${title}</h1><p>${text}</p></section>`, language);
}
