import { describe, expect, it } from 'vitest';
import { defuseFormula, guestsToCsv, parseGuestCsv, rowToGuestInput } from '../../shared/domain/guests/csv.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import { escapeHtml, html } from '../../shared/pages/html.ts';

describe('parseGuestCsv', () => {
  it('reads any header spelling and keeps each row\'s line number, also across quoted line breaks', () => {
    const parsed = parseGuestCsv('\uFEFFName,E-mail Address,Plus One Count\n"Grace\nHopper",g@example.com,1\n\nAlan,a@example.com,0\n');

    expect(parsed).toEqual({ rows: [
      { line: 3, fields: { name: 'Grace\nHopper', 'e_mail_address': 'g@example.com', plus_one_count: '1' } },
      { line: 5, fields: { name: 'Alan', 'e_mail_address': 'a@example.com', plus_one_count: '0' } },
    ] });
  });

  it('names the problem of a file it cannot read', () => {
    expect(parseGuestCsv('name\n"open')).toHaveProperty('problem.message');
  });
});

describe('rowToGuestInput', () => {
  it('converts numbers and yes/no, leaves what does not convert for the schema to report', () => {
    expect(rowToGuestInput({ name: 'G', plus_one_count: '2', plus_one_allowed: 'Yes', phone: '', notes: 'x' })).toEqual({ name: 'G', plus_one_count: 2, plus_one_allowed: true, notes: 'x' });
    expect(rowToGuestInput({ plus_one_count: 'two', plus_one_allowed: 'perhaps' })).toEqual({ plus_one_count: 'two', plus_one_allowed: 'perhaps' });
  });
});

describe('guestsToCsv', () => {
  it('defuses every cell a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@A1', '\tx', 'plain'].map(defuseFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", 'plain']);
    const csv = guestsToCsv([{ name: '=cmd|x', dietary_restrictions: ['vegan', 'halal'], rsvp_status: 'yes', plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0, language: 'fr' } as unknown as GuestRecord]);
    expect(csv.split('\r\n')[0]).toContain(',notes,language,rsvp_status,');
    expect(csv.split('\r\n')[1]).toBe("'=cmd|x,,,vegan; halal,,false,0,0,,,fr,yes,,,,,");
  });

  it("writes the party's name in the last column, defused like any cell", () => {
    const csv = guestsToCsv([{ name: 'Ada', party_id: 'p1', rsvp_status: 'pending' } as unknown as GuestRecord], new Map([['p1', '=Byron']]));
    expect(csv.split('\r\n')[0]).toMatch(/,party_id,party$/);
    expect(csv.split('\r\n')[1]).toMatch(/,p1,'=Byron$/);
  });
});

describe('html', () => {
  it('escapes every interpolated value and keeps fragments it built', () => {
    expect(escapeHtml(`<a href="x">'&\``)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#96;');
    expect(html`<p>${'<b>'}${html`<i>${'&'}</i>`}${null}${['<', 1]}</p>`.value).toBe('<p>&lt;b&gt;<i>&amp;</i>&lt;1</p>');
  });
});
