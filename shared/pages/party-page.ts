import type { StoredAnswer } from '../domain/questions/answers.ts';
import type { PartyInvitationView } from '../domain/rsvp/view.ts';
import { spokenDateTime } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';
import { answeredIn, answerText, eventCard, type PageMessage, questionField, subEventField } from './rsvp-page.ts';

/**
 * A party's page (docs/parties.md): the party's link opens it. It lists every member with their answer so
 * far, and ONE plain HTML form (no JavaScript) answers for all of them: per member a fieldset with their
 * answer, plus-ones when allowed, dietary needs, the event's questions and the sub-events that member is
 * invited to (yes / no each; docs/sub-events.md), each field under the member's
 * `members.<i>.` prefix (shared/schemas/party-form.ts reads them); the per_party questions once, in the
 * party's own fieldset, as `answers.<question>` (docs/questions.md). Every control is a native one with its
 * label, so the page works from the keyboard alone. No contact details are shown or asked for: a
 * member changes their own through their own link.
 */
type Member = PartyInvitationView['members'][number];

const statuses = ['yes', 'no', 'maybe'] as const;

function currentAnswers(view: PartyInvitationView, words: Messages, language: Language): SafeHtml {
  return html`<section class="card" id="current-answers">
<h2>${words.party.current}</h2>
<dl>
${view.members.map((member, index) => html`<dt>${member.name}</dt><dd id="member-${index}-status">${words.answers[member.rsvp_status]}${answeredQuestions(view, member, words, language)}${answeredSubEvents(member, index, words, language)}</dd>`)}
${partyQuestions(view).filter((question) => view.answers[question.id] !== undefined).map((question) => html`<dt>${question.label}</dt><dd class="party-answer">${answerText(question, view.answers[question.id] as StoredAnswer, words, language)}</dd>`)}
</dl>
</section>`;
}

const memberQuestions = (view: PartyInvitationView) => view.questions.filter((question) => question.audience !== 'per_party');
const partyQuestions = (view: PartyInvitationView) => view.questions.filter((question) => question.audience === 'per_party');

function answeredQuestions(view: PartyInvitationView, member: Member, words: Messages, language: Language): SafeHtml | string {
  const given = memberQuestions(view).filter((question) => member.answers[question.id] !== undefined);
  if (given.length === 0) return '';
  return html`<br><span class="meta">${given.map((question, index) => html`${index ? '; ' : ''}${question.label}: ${answerText(question, member.answers[question.id] as StoredAnswer, words, language)}`)}</span>`;
}

/** The member's answer to each sub-event they are invited to (only theirs). */
function answeredSubEvents(member: Member, index: number, words: Messages, language: Language): SafeHtml | string {
  if (member.sub_events.length === 0) return '';
  return html`<br><span class="meta" id="member-${index}-sub-events">${member.sub_events.map((subEvent, position) => html`${position ? '; ' : ''}${subEvent.title}: ${words.answers[subEvent.status]}${subEventAnswers(subEvent, member, words, language)}`)}</span>`;
}

/** The member's answers to a sub-event's own questions, after its status: " (Song: Yes)"; nothing when none. */
function subEventAnswers(subEvent: Member['sub_events'][number], member: Member, words: Messages, language: Language): string {
  const given = answeredIn(subEvent.questions, member.answers);
  return given.length === 0 ? '' : ` (${given.map((question) => `${question.label}: ${answerText(question, member.answers[question.id] as StoredAnswer, words, language)}`).join('; ')})`;
}

function memberFields(view: PartyInvitationView, member: Member, index: number, words: Messages, language: Language): SafeHtml {
  const { page: text, party } = words;
  const prefix = `members.${index}.`;
  const id = (field: string) => `m${index}-${field}`;
  const counts = Array.from({ length: member.plus_one_limit + 1 }, (_, count) => count);
  const checked = (status: string) => (member.rsvp_status === status || (member.rsvp_status === 'waitlisted' && status === 'yes') ? html` checked` : '');
  return html`<fieldset class="card" id="member-${index}"><legend>${party.answerFor(member.name)}</legend>
<input type="hidden" name="${prefix}guest_id" value="${member.guest_id}">
<div class="choices" role="radiogroup" aria-label="${party.answerFor(member.name)}">
${statuses.map((status) => html`<label><input type="radio" name="${prefix}status" value="${status}" required${checked(status)}>${party.choices[status]}</label>`)}
</div>
${member.plus_one_allowed ? html`<label for="${id('plus-ones')}">${text.plusOnesUpTo(member.plus_one_limit)}</label>
<select id="${id('plus-ones')}" name="${prefix}plus_one_count">${counts.map((count) => html`<option value="${count}"${count === member.plus_one_count ? html` selected` : ''}>${count}</option>`)}</select>` : ''}
<label for="${id('dietary')}">${text.dietary}</label>
<input type="text" id="${id('dietary')}" name="${prefix}dietary_restrictions" maxlength="600" placeholder="${text.dietaryExample}" value="${member.dietary_restrictions.join(', ')}">
${memberQuestions(view).map((question) => questionField(question, member.answers[question.id], words, prefix))}
${member.sub_events.length > 0 ? html`<h3>${text.subEvents}</h3>${member.sub_events.map((subEvent) => subEventField(subEvent, view.event.timezone, words, language, { prefix, idPrefix: `m${index}-` }, member.answers))}` : ''}
</fieldset>`;
}

function answerForm(view: PartyInvitationView, words: Messages, language: Language): SafeHtml {
  return html`<form method="post" action="/rsvp">
<p>${words.party.intro}</p>
${view.members.map((member, index) => memberFields(view, member, index, words, language))}
${partyQuestions(view).length > 0 ? html`<fieldset class="card" id="party-questions"><legend>${words.party.heading(view.party.name)}</legend>
${partyQuestions(view).map((question) => questionField(question, view.answers[question.id], words))}
</fieldset>` : ''}
<button type="submit">${words.party.send}</button>
${view.rsvp_closes_at ? html`<p class="meta">${words.page.changeUntil(spokenDateTime(view.rsvp_closes_at, view.event.timezone, language))}</p>` : ''}
</form>`;
}

export function renderPartyPage(view: PartyInvitationView, language: Language, message?: PageMessage): string {
  const words = messagesFor(language);
  const since = view.rsvp_closes_at ? spokenDateTime(view.rsvp_closes_at, view.event.timezone, language) : null;
  return page(
    words.page.title(view.event.name),
    html`${message ? html`<p class="notice${message.kind === 'problem' ? ' problem' : ''}" role="status" id="page-message">${message.text}</p>` : ''}
${eventCard(view, words, language)}
<h2 id="party-name">${words.party.heading(view.party.name)}</h2>
${currentAnswers(view, words, language)}
${view.rsvp_open ? answerForm(view, words, language) : html`<section class="card"><p id="rsvp-closed">${words.page.closed(since)}</p></section>`}`,
    language,
  );
}
