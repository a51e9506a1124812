import { describe, expect, it } from 'vitest';
import { inOrder } from '../../server/core/in-order.js';

/** A task that settles when told to, recording when it started. */
function held(started: string[], name: string) {
  let settle!: (fail: boolean) => void;
  const done = new Promise<string>((resolve, reject) => (settle = (fail) => (fail ? reject(new Error(name)) : resolve(name))));
  return { task: () => (started.push(name), done), settle };
}

describe('inOrder', () => {
  it('starts each task only once the one before has settled, whichever would answer first', async () => {
    const started: string[] = [];
    const turn = inOrder();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => held(started, n));
    const results = [turn(a!.task), turn(b!.task), turn(c!.task)];
    await Promise.resolve();
    expect(started).toEqual(['a']);
    // The last one is ready first; it still waits its turn.
    c!.settle(false);
    b!.settle(false);
    await Promise.resolve();
    expect(started).toEqual(['a']);
    a!.settle(false);
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('goes on after a refusal, and gives each caller its own answer', async () => {
    const started: string[] = [];
    const turn = inOrder();
    const [a, b] = ['a', 'b'].map((n) => held(started, n));
    const first = turn(a!.task);
    const second = turn(b!.task);
    a!.settle(true);
    await expect(first).rejects.toThrow('a');
    b!.settle(false);
    expect(await second).toBe('b');
    expect(started).toEqual(['a', 'b']);
  });
});
