import { DocSession } from './doc-session.svelte';

/**
 * A live Y.Doc of named shared texts (a challenge's question and discussion, or its response; an
 * objective's progress). Only the texts asked for through `text()` are ever created in the doc (the
 * server refuses others). `noun` names the record in messages ("this challenge is too large…").
 */
export class TextDocSession extends DocSession {
  constructor(name: string, options: { persist?: boolean; noun?: string } = {}) {
    super(name, { noun: 'challenge', ...options });
  }
}
