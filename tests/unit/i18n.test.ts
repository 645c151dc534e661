import { describe, expect, it, vi } from 'vitest';
import type { NoticeKind, NoticeRecord } from '../../shared/data/notices.ts';
import { invitationContent, type InvitationTemplate, type InvitationValues } from '../../shared/email/invitation-templates.ts';
import { renderEmail } from '../../shared/email/layout.ts';
import { noticeEmail } from '../../shared/email/notice-templates.ts';
import { isLocalMidnight, spokenDate, spokenDateTime, spokenMoney, spokenNumber } from '../../shared/i18n/format.ts';
import { answerText } from '../../shared/pages/rsvp-page.ts';
import { acceptedLanguages, chooseLanguage, type Language, languages } from '../../shared/i18n/languages.ts';
import { catalogues } from '../../shared/i18n/messages.ts';
import { guestNoticeKinds } from '../../shared/domain/notices/audience.ts';
import type { SubEventRecord } from '../../shared/domain/sub-events/rules.ts';

/** Every key path of a catalogue, with the kind of value there (text, or a message function). */
function keyPaths(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [`${prefix}:text`];
  if (typeof node === 'function') return [`${prefix}:message`];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => keyPaths(value, prefix ? `${prefix}.${key}` : key));
}

/** Calls every message with sample values, so a message that builds on a value is read as the reader sees it. */
function renderedTexts(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'function') return [String((node as (...args: unknown[]) => unknown)('Ada', 'Grace', 'Gala'))];
  return Object.values(node as Record<string, unknown>).flatMap(renderedTexts);
}

describe('the message catalogues', () => {
  it.each(languages.filter((language) => language !== 'en'))('%s has exactly the keys English has, each of the same kind', (language) => {
    expect(keyPaths(catalogues[language]).sort()).toEqual(keyPaths(catalogues.en).sort());
  });

  it.each(languages.filter((language) => language !== 'en'))('%s is translated: most of its texts differ from English', (language) => {
    const english = renderedTexts(catalogues.en);
    const translated = renderedTexts(catalogues[language]);
    const same = translated.filter((text, index) => text === english[index]);

    // A few words are the same in both (Status, Maybe in no language here); a copied catalogue is not.
    expect(same.length).toBeLessThan(english.length / 10);
    expect(translated.every((text) => text.trim().length > 0)).toBe(true);
  });
});

describe('choosing the guest’s language', () => {
  it('takes the guest’s own, then the event’s default, then the browser’s, then English', () => {
    expect(chooseLanguage({ guest: 'de', event: 'fr', acceptLanguage: 'es' })).toBe('de');
    expect(chooseLanguage({ event: 'fr', acceptLanguage: 'es' })).toBe('fr');
    expect(chooseLanguage({ acceptLanguage: 'es-MX,es;q=0.9' })).toBe('es');
    expect(chooseLanguage({})).toBe('en');
    expect(chooseLanguage({ guest: 'it', event: 'xx', acceptLanguage: 'pt-BR' })).toBe('en');
  });

  it('reads Accept-Language by q-value, regions as their language, q=0 as refused, junk skipped', () => {
    expect(acceptedLanguages('it;q=1, de;q=0.5, fr-CA;q=0.8, en;q=0.1')).toEqual(['fr', 'de', 'en']);
    expect(acceptedLanguages('fr;q=0, de')).toEqual(['de']);
    expect(acceptedLanguages('*, es, ES-es;q=0.3')).toEqual(['es']);
    expect(acceptedLanguages(';;;,q=,de;q=abc,fr;q=2,es;q=0.5')).toEqual(['es']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe('dates and money in the reader’s language, in the event’s zone', () => {
  const instant = '2027-06-20T16:00:00Z';

  it('says the date and time in each language on the wall clock of the zone', () => {
    expect(spokenDateTime(instant, 'Europe/Paris', 'en')).toBe('Sunday, 20 June 2027, 18:00 (CEST)');
    expect(spokenDateTime(instant, 'Europe/Paris', 'fr')).toBe('dimanche 20 juin 2027, 18:00 (UTC+2)');
    expect(spokenDateTime(instant, 'Europe/Paris', 'de')).toBe('Sonntag, 20. Juni 2027, 18:00 (MESZ)');
    expect(spokenDateTime(instant, 'America/New_York', 'es')).toBe('domingo, 20 de junio de 2027, 12:00 (GMT-4)');
    // Late in the day in UTC is the next day in Tokyo.
    expect(spokenDate('2027-06-20T20:00:00Z', 'Asia/Tokyo', 'fr')).toBe('lundi 21 juin 2027');
  });

  it('knows local midnight in the zone, not in UTC', () => {
    expect(isLocalMidnight('2027-03-01T23:00:00Z', 'Europe/Berlin')).toBe(true);
    expect(isLocalMidnight('2027-03-01T00:00:00Z', 'Europe/Berlin')).toBe(false);
  });

  it('formats money per language and currency', () => {
    expect(spokenMoney(1234.5, 'EUR', 'en')).toBe('€1,234.50');
    expect(spokenMoney(1234.5, 'EUR', 'fr')).toBe('1\u202f234,50\u00a0€');
    expect(spokenMoney(1234.5, 'EUR', 'de')).toBe('1.234,50\u00a0€');
    expect(spokenMoney(1234.5, 'JPY', 'es')).toBe('1235\u00a0JPY');
  });

  it("writes a number answer in the page's language on the \"your answer\" cards, every digit given kept", () => {
    const question = { id: 'q1', kind: 'number' as const, label: 'Nights', required: false, audience: 'every_guest' as const, options: [] };
    const written = (language: Language) => [1234.5, 12345.678, -3, 0.25].map((value) => answerText(question, value, catalogues[language], language));

    expect(written('en')).toEqual(['1,234.5', '12,345.678', '-3', '0.25']);
    expect(written('fr')).toEqual(['1\u202f234,5', '12\u202f345,678', '-3', '0,25']);
    expect(written('de')).toEqual(['1.234,5', '12.345,678', '-3', '0,25']);
    // Spanish groups thousands from five digits on (CLDR's minimum grouping).
    expect(written('es')).toEqual(['1234,5', '12.345,678', '-3', '0,25']);
  });

  it('builds one number formatter per language and keeps it (issue 15: no Intl object per call)', () => {
    for (const language of languages) spokenNumber(1, language);
    const built = vi.spyOn(Intl, 'NumberFormat');

    for (let call = 0; call < 50; call += 1) for (const language of languages) spokenNumber(call + 0.5, language);

    expect(built).not.toHaveBeenCalled();
    // The spy does see a build: a currency not formatted before makes one.
    spokenMoney(1, 'ISK', 'en');
    expect(built).toHaveBeenCalledTimes(1);
    built.mockRestore();
  });
});

const values = (language: Language): InvitationValues => ({
  guest_name: 'Ada Lovelace',
  event_name: 'Gala',
  event_date: spokenDateTime('2027-06-20T16:00:00Z', 'Europe/Paris', language),
  location: 'Musée d’Orsay, Paris',
  rsvp_link: 'https://app.example.com/rsvp/abc',
  host_name: 'Grace Hopper',
  rsvp_deadline: spokenDate('2027-06-01T12:00:00Z', 'Europe/Paris', language),
});

const templates: InvitationTemplate[] = [
  { kind: 'formal' }, { kind: 'casual' }, { kind: 'save_the_date' }, { kind: 'custom', subject: 'Gala {{guest_name}}', body: 'Come to {{event_name}}.' },
];

const notice = (kind: NoticeKind, extra: Partial<NoticeRecord> = {}): NoticeRecord => ({
  id: 'n1', kind, event_id: 'e1', actor_id: 'guest:g1', status: 'pending', audience: 'one_guest', created_at: '2027-05-01T10:00:00Z',
  event: { name: 'Gala', event_date: '2027-06-20T16:00:00Z', timezone: 'Europe/Paris', location_name: 'Musée d’Orsay', organizer_id: 'u1', status: 'confirmed' },
  changes: [], recipient: { guest_id: 'g1', name: 'Ada', rsvp_status: 'yes' }, ...extra,
});

/** Every kind of notice a guest receives, in the shapes that say different things. */
const guestNotices: NoticeRecord[] = [
  notice('rsvp_confirmation'),
  notice('rsvp_confirmation', { actor_id: 'system:waitlist' }),
  notice('rsvp_confirmation', { recipient: { guest_id: 'g1', rsvp_status: 'waitlisted' } }),
  notice('event_changed', { changes: [{ field: 'event_date', before: '2027-06-19T16:00:00Z', after: '2027-06-20T16:00:00Z' }, { field: 'location_name', before: null, after: 'Louvre' }, { field: 'status', before: 'planning', after: 'confirmed' }] }),
  notice('event_cancelled'),
  notice('event_deleted'),
  notice('guest_removed'),
  notice('rsvp_reminder', { details: { rsvp_deadline: '2027-06-01T22:00:00Z' } }),
  notice('day_before_reminder'),
];

/** A key's name left in the text (`notice.changed.intro`) or a function's source would mean a lookup went wrong. */
const RAW_KEY = /\b(invitation|notice|page|details|answers|email)\.[a-zA-Z]+|=>|undefined|\[object Object\]/;

describe('every email to guests in every language', () => {
  it('covers every kind of notice a guest receives', () => {
    const kinds = new Set(guestNotices.map((entry) => entry.kind));
    expect(guestNoticeKinds.every((kind) => kinds.has(kind))).toBe(true);
    expect(kinds.has('rsvp_confirmation')).toBe(true);
  });

  for (const language of languages) {
    it.each(templates)(`${language}: the $kind invitation renders with no raw key and the lang attribute`, (template) => {
      const email = renderEmail(invitationContent(template, values(language), language));

      expect(email.text).not.toMatch(RAW_KEY);
      expect(email.html).not.toMatch(RAW_KEY);
      expect(email.html).toContain(`<html lang="${language}">`);
      expect(email.text).toContain(catalogues[language].invitation.footer);
      expect(email.text).toContain(catalogues[language].invitation.replyBy(values(language).rsvp_deadline));
    });

    it.each(guestNotices.map((entry, index) => ({ index, entry })))(`${language}: notice #$index ($entry.kind) renders with no raw key`, ({ entry }) => {
      const email = noticeEmail(entry, { recipientName: 'Ada', rsvpLink: 'https://app.example.com/rsvp/abc', appBaseUrl: 'https://app.example.com', language });
      const rendered = renderEmail(email.content);

      expect(rendered.text).not.toMatch(RAW_KEY);
      expect(rendered.html).toContain(`<html lang="${language}">`);
      expect(rendered.text).toContain(catalogues[language].notice.hello('Ada'));
    });
  }

  it.each(languages)('%s: the RSVP reminder names the sub-events awaiting an answer, with no raw key', (language) => {
    const reminder = guestNotices.find((entry) => entry.kind === 'rsvp_reminder') as NoticeRecord;
    const dinner = { id: 's1', event_id: 'e1', title: 'Dinner', starts_at: '2027-06-20T19:00:00Z', location_name: 'Le Train Bleu' } as SubEventRecord;
    const render = (eventAnswered: boolean) => renderEmail(noticeEmail(reminder, { recipientName: 'Ada', appBaseUrl: '', language, awaitingAnswer: { eventAnswered, subEvents: [dinner] } }).content);
    const words = catalogues[language].notice.reminder;

    const [answered, notAnswered] = [render(true), render(false)];

    expect(answered.text).not.toMatch(RAW_KEY);
    expect(answered.text).toContain(words.subEventsBody('Gala', null).slice(0, 20));
    expect(answered.text).toContain('Dinner');
    expect(notAnswered.text).not.toMatch(RAW_KEY);
    expect(notAnswered.text).toContain(words.alsoSubEvents);
    expect(notAnswered.text).toContain('Le Train Bleu');
  });

  it.each(languages)('%s: the formal invitation reads as before (snapshot)', (language) => {
    expect(renderEmail(invitationContent({ kind: 'formal' }, values(language), language)).text).toMatchSnapshot();
  });

  it('speaks the event change in the reader’s language, dates in the event’s zone', () => {
    const changed = guestNotices[3] as NoticeRecord;
    const french = renderEmail(noticeEmail(changed, { recipientName: 'Ada', appBaseUrl: '', language: 'fr' }).content).text;

    expect(french).toContain('Date et heure: dimanche 20 juin 2027, 18:00 (UTC+2) (auparavant : samedi 19 juin 2027, 18:00 (UTC+2))');
    expect(french).toContain('Lieu: Louvre (auparavant : (aucun))');
    expect(french).toContain('Statut: confirmé (auparavant : en préparation)');
  });
});
