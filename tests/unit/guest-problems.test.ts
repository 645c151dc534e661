import { describe, expect, it } from 'vitest';
import { problemCodes, type ProblemReason } from '../../shared/domain/guest-problems/reasons.ts';
import { ConflictError, SubEventsFullError, ValidationError } from '../../shared/http/errors.ts';
import { httpErrorProblem } from '../../shared/http/middleware/problem-response.ts';
import { reasonedFieldProblems } from '../../shared/http/validate.ts';
import { languages } from '../../shared/i18n/languages.ts';
import { catalogues } from '../../shared/i18n/messages.ts';
import { memberProblems, problemText, reasonText, refusal } from '../../shared/pages/guest-problems.ts';
import { zeroCounters, type EventRecord } from '../../shared/domain/events/rules.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import type { QuestionRecord } from '../../shared/domain/questions/definitions.ts';
import { invitationView, partyInvitationView } from '../../shared/domain/rsvp/view.ts';
import { renderRsvpPage } from '../../shared/pages/rsvp-page.ts';
import { renderPartyPage } from '../../shared/pages/party-page.ts';
import { guestAnswerBody } from '../../shared/schemas/rsvp.ts';

/**
 * A refused answer on the guest's pages, in the page's language (docs/guest-languages.md): each problem by
 * its reason's code, after the field's name as the page labels it; the JSON API's problems stay as they were.
 */
const places = { questions: [{ id: 'meal', label: 'Menu' }], subEvents: [{ id: 'brunch', title: 'Brunch' }] };

const sample: Record<(typeof problemCodes)[number], ProblemReason> = {
  required: { code: 'required' }, status_required: { code: 'status_required' }, not_an_option: { code: 'not_an_option' }, choose_one: { code: 'choose_one' },
  no_longer_offered: { code: 'no_longer_offered' }, yes_or_no: { code: 'yes_or_no' }, not_a_number: { code: 'not_a_number' }, not_a_text: { code: 'not_a_text' },
  text_too_long: { code: 'text_too_long', max: 500 }, number_too_small: { code: 'number_too_small', min: 0 }, number_too_large: { code: 'number_too_large', max: 20 },
  too_many_items: { code: 'too_many_items', max: 20 }, not_on_invitation: { code: 'not_on_invitation' }, party_question: { code: 'party_question' },
  member_question: { code: 'member_question' }, too_many_plus_ones: { code: 'too_many_plus_ones', max: 1 }, plus_ones_mismatch: { code: 'plus_ones_mismatch' }, invalid: { code: 'invalid' },
};

describe("a refused answer in the guest's language", () => {
  it.each(languages)('%s words every problem code, each in its own words', (language) => {
    const texts = problemCodes.map((code) => reasonText(sample[code], catalogues[language]));

    expect(Object.keys(catalogues[language].refusals.reasons).sort()).toEqual([...problemCodes].sort());
    expect(texts.every((text) => text.trim().length > 0)).toBe(true);
    expect(new Set(texts.filter((_, index) => !['number_too_large', 'too_many_items'].includes(problemCodes[index] as string))).size).toBe(problemCodes.length - 2);
  });

  it.each([
    ['en', 'Please check your answer: Menu: an answer is required; Plus-ones: at most 1 on this invitation; Brunch: not part of this invitation.'],
    ['fr', 'Merci de vérifier votre réponse : Menu : réponse obligatoire; Accompagnants : au plus 1 sur cette invitation; Brunch : ne fait pas partie de cette invitation.'],
    ['de', 'Bitte prüfen Sie Ihre Antwort: Menu: Antwort erforderlich; Begleitpersonen: höchstens 1 bei dieser Einladung; Brunch: gehört nicht zu dieser Einladung.'],
    ['es', 'Revisa tu respuesta: Menu: respuesta obligatoria; Acompañantes: como máximo 1 en esta invitación; Brunch: no forma parte de esta invitación.'],
  ] as const)('%s: the problems of a 400 by field and code, never the English message', (language, expected) => {
    const error = new ValidationError([
      { path: 'answers.meal', message: 'Required: Menu', reason: { code: 'required' } },
      { path: 'plus_one_count', message: 'At most 1 plus-ones on this invitation', reason: { code: 'too_many_plus_ones', max: 1 } },
      { path: 'sub_events.brunch', message: 'Not a sub-event of this invitation', reason: { code: 'not_on_invitation' } },
    ]);

    expect(refusal(error, catalogues[language], places)).toBe(expected);
  });

  it.each([
    ['en', 'Sorry, there is no seat left for Brunch: your answer was not saved.', 'Sorry, the event is full: there is no seat for this answer.'],
    ['fr', 'Désolé, il n’y a plus de place pour Brunch : votre réponse n’est pas enregistrée.', 'Désolé, l’événement est complet : il n’y a plus de place pour cette réponse.'],
    ['de', 'Leider ist für Brunch kein Platz mehr frei: Ihre Antwort wurde nicht gespeichert.', catalogues.de.page.full],
    ['es', 'Lo sentimos, ya no quedan plazas para Brunch: tu respuesta no se ha guardado.', catalogues.es.page.full],
  ] as const)('%s: a full sub-event by its title, a full event, closed answers', (language, subEventFull, eventFull) => {
    const words = catalogues[language];

    expect(refusal(new SubEventsFullError(['Brunch']), words, places)).toBe(subEventFull);
    expect(refusal(new ConflictError('capacity_exceeded', 'The event is full; there is no seat for this answer.'), words, places)).toBe(eventFull);
    expect(refusal(new ConflictError('rsvp_closed', 'Answers to this invitation are closed.'), words, places)).toBe(words.page.closedRefusal);
  });

  it("reads the form's own problems (zod) by code: a status not offered, too many plus-ones, a note too long", () => {
    const parsed = guestAnswerBody.safeParse({ status: 'perhaps', plus_one_count: 99, note: 'x'.repeat(1001) });
    const problems = parsed.success ? [] : reasonedFieldProblems(parsed.error);
    const missing = guestAnswerBody.safeParse({});

    expect(problems.map((problem) => problemText(problem, places, catalogues.de))).toEqual([
      'Ihre Antwort: keine der angebotenen Möglichkeiten', 'Begleitpersonen: höchstens 20', 'Ihre Nachricht: höchstens 1000 Zeichen',
    ]);
    expect(missing.success ? [] : reasonedFieldProblems(missing.error).map((problem) => problemText(problem, places, catalogues.es))).toEqual(['Tu respuesta: elige sí, no o quizás']);
  });

  it('answers the JSON API exactly as before: path and message, no reason', () => {
    const answered = httpErrorProblem(new ValidationError([{ path: 'answers.meal', message: 'Required: Menu', reason: { code: 'required' } }]), 'req-1');

    expect(JSON.parse(answered.body as string).errors).toEqual([{ path: 'answers.meal', message: 'Required: Menu' }]);
  });

  it.each([
    ['en', 'Clara: Menu: an answer is required; Lovelace: Stay: an answer is required; Byron: Menu: not one of the options'],
    ['fr', 'Clara : Menu : réponse obligatoire; Lovelace : Séjour : réponse obligatoire; Byron : Menu : ce n’est pas l’un des choix proposés'],
    ['de', 'Clara: Menu: Antwort erforderlich; Lovelace: Unterkunft: Antwort erforderlich; Byron: Menu: keine der angebotenen Möglichkeiten'],
    ['es', 'Clara: Menu: respuesta obligatoria; Lovelace: Estancia: respuesta obligatoria; Byron: Menu: no es una de las opciones'],
  ] as const)('%s: a party page names each problem by the member (as posted), a per_party one by the party', (language, expected) => {
    const stayLabel = { en: 'Stay', fr: 'Séjour', de: 'Unterkunft', es: 'Estancia' }[language];
    const question = (id: string, label: string, audience: QuestionRecord['audience']): QuestionRecord => ({
      id, event_id: 'E', kind: 'single_choice', label, required: true, audience, options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
      position: 1, answer_count: 0, choice_counts: {}, created_at: '', updated_at: '', version: 1,
    });
    const event: EventRecord = { ...zeroCounters(), id: 'E', name: 'Gala', event_date: '2030-06-01T18:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0, currency: 'EUR', status: 'planning', organizer_id: 'U', created_at: '', updated_at: '', version: 1 };
    const guest = (id: string, name: string): GuestRecord => ({ id, event_id: 'E', name, party_id: 'P', dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0, rsvp_status: 'pending', code_hash: id, created_at: '', updated_at: '', version: 1 });
    const view = partyInvitationView(event, { name: 'Lovelace', answers: { stay: ['b'] } }, [guest('A', 'Ada'), guest('B', 'Byron'), guest('C', 'Clara')], [question('meal', 'Menu', 'attending'), question('stay', stayLabel, 'per_party')], new Date('2030-01-01T00:00:00Z'));
    const problems = [
      { path: 'members.0.answers.meal', message: 'Required: Menu', reason: { code: 'required' as const } },
      { path: 'answers.stay', message: 'Required: Stay', reason: { code: 'required' as const } },
      { path: 'members.1.answers.meal', message: 'Not an option: x', reason: { code: 'not_an_option' as const } },
    ];

    // Posted as Clara, Byron (not the page's order): the index is the posted one.
    expect(memberProblems(view, ['C', 'B'], problems, catalogues[language])).toBe(expected);
    expect(renderPartyPage(view, language)).toContain(`<dt>${stayLabel}</dt><dd class="party-answer">B</dd>`);
  });

  it.each([
    ['en', '<dt>Brunch</dt><dd id="sub-event-status-s1">Attending</dd>', 'Yes'],
    ['fr', '<dt>Brunch</dt><dd id="sub-event-status-s1">Présent·e</dd>', 'Oui'],
    ['de', '<dt>Brunch</dt><dd id="sub-event-status-s1">Nimmt teil</dd>', 'Ja'],
    ['es', '<dt>Brunch</dt><dd id="sub-event-status-s1">', 'Sí'],
  ] as const)("%s: the guest's answer card lists each sub-event's answer and the answers to its own questions", (language, status, yes) => {
    const event: EventRecord = { ...zeroCounters(), id: 'E', name: 'Gala', event_date: '2030-06-01T18:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0, currency: 'EUR', status: 'planning', organizer_id: 'U', created_at: '', updated_at: '', version: 1 };
    const guest: GuestRecord = { id: 'G', event_id: 'E', name: 'Ada', dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0, rsvp_status: 'yes', code_hash: 'G', created_at: '', updated_at: '', version: 1, answers: { shuttle: true } };
    const shuttle: QuestionRecord = { id: 'shuttle', event_id: 'E', kind: 'yes_no', label: 'Shuttle', required: false, audience: 'every_guest', options: [], position: 1, sub_event_id: 's1', answer_count: 1, choice_counts: { yes: 1 }, created_at: '', updated_at: '', version: 1 };
    const brunch = { id: 's1', event_id: 'E', title: 'Brunch', starts_at: '2030-06-02T10:00:00Z', waitlist_enabled: false, position: 0, invited_count: 1, attending_count: 1, attending_headcount: 1, declined_count: 0, waitlisted_count: 0, created_at: '', updated_at: '', version: 1 };
    const view = invitationView(event, guest, null, new Date('2030-01-01T00:00:00Z'), [shuttle], { subEvents: [brunch], invitations: [{ event_id: 'E', guest_id: 'G', sub_event_id: 's1', status: 'yes', headcount: 1, version: 1 }] });
    const page = renderRsvpPage(view, language);

    expect(page).toContain(status);
    expect(page).toContain(`<dt>Shuttle</dt><dd class="sub-event-answer" id="answer-shuttle">${yes}</dd>`);
  });
});
