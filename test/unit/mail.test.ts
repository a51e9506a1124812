import { describe, expect, it } from 'vitest';
import { monthEnd, ragDue, reminderState } from '../../shared/domain/reminders.js';
import { linkMail, londonWhen, notificationMail } from '../../server/features/mail/compose.js';
import { Secrets } from '../../server/core/secrets.js';

describe('reminderState: due within the lead days, overdue after the day, never once done', () => {
  it.each([
    ['2027-01-10', '2027-01-06', 3, false, null],
    ['2027-01-10', '2027-01-07', 3, false, 'due'],
    ['2027-01-10', '2027-01-10', 3, false, 'due'],
    ['2027-01-10', '2027-01-11', 3, false, 'overdue'],
    ['2027-01-10', '2027-01-11', 3, true, null],
    [null, '2027-01-11', 3, false, null],
    ['2027-03-01', '2027-02-26', 3, false, 'due'],
    ['2028-03-01', '2028-02-26', 3, false, null],
  ] as const)('due %s, today %s, %i days ahead, done %s → %s', (due, today, lead, done, expected) => {
    expect(reminderState(due, today, lead, done)).toBe(expected);
  });
});

describe('the month’s RAG is asked for in its last five days', () => {
  it.each([
    ['2027-02', '2027-02-28'],
    ['2028-02', '2028-02-29'],
    ['2027-12', '2027-12-31'],
  ])('%s ends on %s', (month, end) => expect(monthEnd(month)).toBe(end));
  it.each([
    ['2027-02-22', false],
    ['2027-02-23', true],
    ['2027-12-26', true],
    ['2027-12-25', false],
  ] as const)('%s → %s', (today, due) => expect(ragDue(today)).toBe(due));
});

describe('mail words', () => {
  const frame = { partnershipName: 'Northbrook Safeguarding Children Partnership', marking: 'OFFICIAL-SENSITIVE', preferencesUrl: 'https://b.example/me/mail', unsubscribeUrl: 'https://b.example/api/mail/unsubscribe?person=1&kind=overdue&sig=x' };

  it('times are London’s: GMT in winter, BST in summer', () => {
    expect(londonWhen('2027-01-12T09:05:00Z')).toBe('Tuesday 12 January 2027 at 9:05am');
    expect(londonWhen('2027-07-12T09:05:00Z')).toBe('Monday 12 July 2027 at 10:05am');
  });

  it('a notification: the marking first and last, the kind as the subject, the link; text that looks like HTML stays text', () => {
    const mail = notificationMail(frame, { kind: 'overdue', text: 'C-004 <script>alert(1)</script> & co: the response was due 2027-01-10', detail: null, url: 'https://b.example/challenges/4', createdAt: '2027-01-11T08:00:00Z' });
    expect(mail.subject).toBe('[OFFICIAL-SENSITIVE] Response overdue: C-004 <script>alert(1)</script> & co: the response was due 2027-01-10');
    expect(mail.text.split('\n')[0]).toBe('OFFICIAL-SENSITIVE');
    expect(mail.text.split('\n').at(-1)).toBe('OFFICIAL-SENSITIVE');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(mail.html).toContain('href="https://b.example/challenges/4"');
    expect(mail.text).toContain('No more e-mails of this kind: https://b.example/api/mail/unsubscribe?person=1&kind=overdue&sig=x');
  });

  it('an invitation is always sent, with no way out of it, and says until when its link works', () => {
    const mail = linkMail({ ...frame, preferencesUrl: null, unsubscribeUrl: null }, 'invitation', 'Dr Aisha Rahman', 'https://b.example/invite/abc', '2027-01-19T09:00:00Z');
    expect(mail.subject).toBe('[OFFICIAL-SENSITIVE] You are invited to Northbrook Safeguarding Children Partnership');
    expect(mail.text).toContain('https://b.example/invite/abc');
    expect(mail.text).toContain('until Tuesday 19 January 2027 at 9:00am');
    expect(mail.text).not.toContain('No more e-mails');
  });
});

describe('secrets', () => {
  it('seals and opens; another key, a changed byte or a short text opens nothing', () => {
    const a = new Secrets('key one');
    const sealed = a.seal('client-secret-value');
    expect(sealed).not.toContain('client-secret-value');
    expect(a.open(sealed)).toBe('client-secret-value');
    expect(new Secrets('key two').open(sealed)).toBeNull();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(a.open(`v1.${bytes.toString('base64url')}`)).toBeNull();
    expect(a.open('v1.abc')).toBeNull();
    expect(a.open('plain')).toBeNull();
  });

  it('signs: the same text verifies, another text or another key does not', () => {
    const a = new Secrets('key one');
    const sig = a.sign('unsubscribe|1|overdue');
    expect(a.verify('unsubscribe|1|overdue', sig)).toBe(true);
    expect(a.verify('unsubscribe|2|overdue', sig)).toBe(false);
    expect(new Secrets('key two').verify('unsubscribe|1|overdue', sig)).toBe(false);
    expect(a.verify('unsubscribe|1|overdue', '')).toBe(false);
  });
});
