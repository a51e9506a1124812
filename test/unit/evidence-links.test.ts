import { describe, expect, it } from 'vitest';
import { changedLinks, evidenceOfObjective, withCurrentLinks } from '../../client/src/features/evidence/evidence';
import type { EvidenceLinkView, EvidenceView } from '../../shared/schemas/evidence';

const link = (kind: EvidenceLinkView['kind'], id: number): EvidenceLinkView => ({ kind, id, label: `${kind} ${id}` });
const item = (id: number, links: EvidenceLinkView[]) => ({ id, links }) as unknown as EvidenceView;
const none = { objective: [], plan_action: [], recommendation: [], risk: [], challenge: [] };

describe('changing an item’s links', () => {
  const current = item(1, [link('objective', 3), link('recommendation', 4), link('risk', 1)]);

  it('sends only the kinds that changed, each as its whole new set', () => {
    expect(changedLinks(current, { ...none, objective: ['3'], recommendation: ['4'], risk: ['1'] })).toEqual({});
    // Order and repeats do not make a change.
    expect(changedLinks(current, { ...none, objective: ['3', '3'], recommendation: ['4'], risk: ['1'] })).toEqual({});
    expect(changedLinks(current, { ...none, objective: ['3', '7'], recommendation: ['4'], risk: [] })).toEqual({ objectiveIds: [3, 7], riskIds: [] });
    expect(changedLinks(current, { ...none, objective: ['3'], recommendation: ['4'], risk: ['1'], plan_action: ['12'], challenge: ['2'] })).toEqual({ actionIds: [12], challengeIds: [2] });
  });

  it('a current link is offered even when its kind’s options are missing it (so it is never dropped unseen)', () => {
    expect(withCurrentLinks([{ value: '1', label: 'R-001 Known' }], current.links, 'risk')).toEqual([{ value: '1', label: 'R-001 Known' }]);
    expect(withCurrentLinks([], current.links, 'risk')).toEqual([{ value: '1', label: 'risk 1' }]);
    expect(withCurrentLinks([{ value: '9', label: 'Other' }], current.links, 'objective')).toEqual([
      { value: '3', label: 'objective 3' },
      { value: '9', label: 'Other' },
    ]);
  });
});

describe('an objective’s evidence, from its plan’s', () => {
  it('is what links to the objective or to one of its actions', () => {
    const plan = [item(1, [link('objective', 3)]), item(2, [link('plan_action', 20)]), item(3, [link('plan_action', 21), link('risk', 1)]), item(4, [link('objective', 5)]), item(5, [link('recommendation', 3)])];
    expect(evidenceOfObjective(plan, 3, [20]).map((e) => e.id)).toEqual([1, 2]);
    expect(evidenceOfObjective(plan, 5, [21]).map((e) => e.id)).toEqual([3, 4]);
    expect(evidenceOfObjective(plan, 9, []).map((e) => e.id)).toEqual([]);
  });
});
