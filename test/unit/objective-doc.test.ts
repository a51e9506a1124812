import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OBJECTIVE_DOC, ObjectiveDocInvalid, readObjectiveDoc, textsChanged } from '../../shared/docs/objective-doc.js';
import { PLAN_LIMITS } from '../../shared/limits.js';

function docWith(build: (doc: Y.Doc) => void): Y.Doc {
  const doc = new Y.Doc();
  build(doc);
  return doc;
}

describe('an objective’s progress doc, read strictly', () => {
  it('reads the narrative and each action’s progress', () => {
    const doc = docWith((d) => {
      d.getText(OBJECTIVE_DOC.narrative).insert(0, 'On track.');
      d.getText(OBJECTIVE_DOC.action(12)).insert(0, 'Audit done.');
    });
    expect(readObjectiveDoc(doc)).toEqual({ narrative: 'On track.', actions: { 12: 'Audit done.' } });
  });

  const refused: [string, (d: Y.Doc) => void][] = [
    ['an unknown root', (d) => d.getText('notes').insert(0, 'x')],
    ['an action id that is not canonical', (d) => d.getText('action:012').insert(0, 'x')],
    ['a prototype key', (d) => d.getText('__proto__').insert(0, 'x')],
    ['formatting', (d) => d.getText(OBJECTIVE_DOC.narrative).insert(0, 'x', { bold: true })],
    ['an embed', (d) => d.getText(OBJECTIVE_DOC.action(3)).insertEmbed(0, { image: 'x' })],
    ['an overlong narrative', (d) => d.getText(OBJECTIVE_DOC.narrative).insert(0, 'x'.repeat(PLAN_LIMITS.narrativeMax + 1))],
    ['an overlong action progress', (d) => d.getText(OBJECTIVE_DOC.action(3)).insert(0, 'x'.repeat(PLAN_LIMITS.notesMax + 1))],
  ];
  it.each(refused)('refuses %s', (_what, build) => {
    expect(() => readObjectiveDoc(docWith(build))).toThrow(ObjectiveDocInvalid);
  });

  it('names the texts an update changed', () => {
    const before = { narrative: 'a', actions: { 1: 'x', 2: 'y' } };
    expect(textsChanged(before, { narrative: 'a', actions: { 1: 'x', 2: 'y' } })).toEqual({ narrative: false, actionIds: [] });
    expect(textsChanged(before, { narrative: 'b', actions: { 1: 'x', 2: 'z', 3: 'new' } })).toEqual({ narrative: true, actionIds: [2, 3] });
    // A text emptied is a change; a text created empty is not.
    expect(textsChanged(before, { narrative: 'a', actions: { 1: '', 2: 'y', 4: '' } })).toEqual({ narrative: false, actionIds: [1] });
  });
});
