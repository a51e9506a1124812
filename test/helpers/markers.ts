import { expect, vi } from 'vitest';
import type { DocClient } from './yjs.js';

/*
 * The burst tests' markers: writer i's n-th insertion is `[i:n]`, so any text says who typed what, and
 * a marker a writer holds that it did not type reached it by broadcast (so was stored first).
 */
const MARKER = /\[(\d+):(\d+)\]/g;

export function markers(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[0]);
}

/** Every writer's `field` ends the same, holding every marker any of them held when this was called. */
export async function expectConverged(writers: DocClient[], field: string, timeout: number): Promise<void> {
  const everything = new Set(writers.flatMap((w) => markers(w.doc.getText(field).toString())));
  await vi.waitFor(
    () => {
      const texts = writers.map((w) => w.doc.getText(field).toString());
      expect(new Set(texts).size).toBe(1);
      expect(markers(texts[0]!).length).toBe(everything.size);
    },
    { timeout, interval: 50 },
  );
}
