import { describe, expect, it } from 'vitest';
import { byUrgency } from '../../shared/domain/waiting.js';
import { WAITING_KINDS, type WaitingItem, type WaitingKind } from '../../shared/schemas/waiting.js';

const item = (title: string, due: string | null, overdue = false, kind: WaitingKind = 'action_due', reference: string | null = null): WaitingItem => ({ kind, reference, title, boardName: null, due, overdue, link: '/' });

describe('"Waiting for you": most urgent first', () => {
  it.each([
    ['overdue before due, however far off', [item('soon', '2026-12-05'), item('late', '2026-11-01', true)], ['late', 'soon']],
    ['the longest overdue first', [item('a week late', '2026-11-27', true), item('a month late', '2026-11-04', true)], ['a month late', 'a week late']],
    ['the soonest due first', [item('in ten days', '2026-12-14'), item('tomorrow', '2026-12-05')], ['tomorrow', 'in ten days']],
    ['what has no date after everything dated', [item('undated', null), item('in ten days', '2026-12-14')], ['in ten days', 'undated']],
    ['on one day, a decision before a chore', [item('chore', '2026-12-05', false, 'action_due'), item('decision', '2026-12-05', false, 'response_to_decide')], ['decision', 'chore']],
    ['then by reference, numbers in order (C-9 before C-10)', [item('ten', '2026-12-05', false, 'challenge_to_answer', 'C-10'), item('nine', '2026-12-05', false, 'challenge_to_answer', 'C-9')], ['nine', 'ten']],
  ])('%s', (_case, items, expected) => {
    expect(items.toSorted(byUrgency(WAITING_KINDS)).map((i) => i.title)).toEqual(expected);
  });
});
