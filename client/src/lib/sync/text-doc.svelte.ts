import { DocSession } from './doc-session.svelte';

/**
 * A live Y.Doc of named shared texts (a challenge's question and discussion, or its response). Only
 * the texts asked for through `text()` are ever created in the doc (the server refuses others).
 */
export class TextDocSession extends DocSession {
  constructor(name: string, options: { persist?: boolean } = {}) {
    super(name, { ...options, noun: 'challenge' });
  }
}
