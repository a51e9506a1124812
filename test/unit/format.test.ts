import { describe, expect, it } from 'vitest';
import { daysBetween, formatDate, formatDateTime, formatDue, formatTime, londonDate, londonInstant } from '../../client/src/lib/format';

/** The app's one way of writing dates and times, in Europe/London whatever the machine's own zone. */
describe('formatDate', () => {
  it.each([
    ['a calendar date', '2027-01-14', '14 Jan 2027'],
    ['a calendar date in summer', '2026-07-01', '1 Jul 2026'],
    ['an instant in winter (London = UTC)', '2027-01-14T23:30:00.000Z', '14 Jan 2027'],
    ['an instant late on a summer evening (London = UTC+1, the next day)', '2026-07-01T23:30:00.000Z', '2 Jul 2026'],
    ['an instant as milliseconds', Date.UTC(2026, 11, 8, 10, 4), '8 Dec 2026'],
    ['nothing', null, ''],
    ['an empty string', '', ''],
    ['unreadable text, shown as given', 'someday', 'someday'],
  ] as const)('%s', (_what, value, expected) => {
    expect(formatDate(value)).toBe(expected);
  });

  it.each([
    ['2027-01-14', 'Thu 14 Jan 2027'],
    ['2026-07-01T23:30:00.000Z', 'Thu 2 Jul 2026'],
  ])('with the weekday: %s → %s', (value, expected) => {
    expect(formatDate(value, { weekday: true })).toBe(expected);
  });
});

describe('formatTime and formatDateTime', () => {
  it.each([
    ['winter', '2027-01-14T10:42:00.000Z', '10:42am', '14 Jan 2027, 10:42am'],
    ['summer (BST)', '2026-07-01T09:05:00.000Z', '10:05am', '1 Jul 2026, 10:05am'],
    ['just after the clocks go forward', '2026-03-29T01:30:00.000Z', '2:30am', '29 Mar 2026, 2:30am'],
    ['just after the clocks go back', '2026-10-25T01:30:00.000Z', '1:30am', '25 Oct 2026, 1:30am'],
    ['midnight, written 12:00am, never 0:00 or 24:00', '2027-01-14T00:00:00.000Z', '12:00am', '14 Jan 2027, 12:00am'],
    ['midday, written 12:00pm', '2027-01-14T12:00:00.000Z', '12:00pm', '14 Jan 2027, 12:00pm'],
    ['an afternoon', '2027-01-14T14:05:00.000Z', '2:05pm', '14 Jan 2027, 2:05pm'],
  ])('%s', (_what, iso, time, dateTime) => {
    expect(formatTime(iso)).toBe(time);
    expect(formatDateTime(iso)).toBe(dateTime);
  });

  it('writes seconds when asked (the audit log)', () => {
    expect(formatDateTime('2027-01-14T10:42:07.000Z', { seconds: true })).toBe('14 Jan 2027, 10:42:07am');
  });

  it('writes the weekday when asked (meetings)', () => {
    expect(formatDateTime('2026-12-08T10:00:00.000Z', { weekday: true })).toBe('Tue 8 Dec 2026, 10:00am');
  });

  it('writes nothing for nothing', () => {
    expect(formatDateTime(null)).toBe('');
  });
});

describe('londonDate, daysBetween and formatDue', () => {
  it.each([
    ['2026-07-01T23:30:00.000Z', '2026-07-02'],
    ['2027-01-14T23:30:00.000Z', '2027-01-14'],
  ])('the London day of %s is %s', (iso, day) => {
    expect(londonDate(iso)).toBe(day);
  });

  it.each([
    ['2027-01-14', '2027-01-11', 'overdue by 3 days'],
    ['2027-01-14', '2027-01-13', 'overdue by 1 day'],
    ['2027-01-14', '2027-01-14', 'due today'],
    ['2027-01-14', '2027-01-15', 'due tomorrow'],
    ['2027-01-14', '2027-01-19', 'due in 5 days'],
    ['2026-03-28', '2026-03-30', 'due in 2 days'],
  ])('seen on %s, due %s is %s', (today, due, text) => {
    expect(formatDue(due, today)).toBe(text);
  });

  it('counts whole days across a clock change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });
});

describe('londonInstant', () => {
  it.each([
    ['winter: London is UTC', '2027-01-14', '10:00', '2027-01-14T10:00:00.000Z'],
    ['summer: London is an hour ahead', '2026-07-01', '10:00', '2026-07-01T09:00:00.000Z'],
    ['the morning after the clocks go forward', '2026-03-29', '09:00', '2026-03-29T08:00:00.000Z'],
    ['the morning after the clocks go back', '2026-10-25', '09:00', '2026-10-25T09:00:00.000Z'],
  ])('%s', (_what, date, time, iso) => {
    expect(londonInstant(date, time)?.toISOString()).toBe(iso);
  });

  it.each([['2027-13-01'], ['2027-02-31'], ['soon'], ['']])('reads no instant from the date %j', (date) => {
    expect(londonInstant(date, '10:00')).toBeNull();
  });
});
