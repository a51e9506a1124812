/**
 * Runs the tasks it is given one at a time, in the order they were given, whatever each one awaits.
 * A socket's "board:join" and "board:leave", which read the database before they act (on PostgreSQL
 * those reads answer in any order), take effect in order: a tab switching fast between person and screen ends as its last word said.
 */
export function inOrder(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task, task);
    // The next task waits for this one to settle, not to succeed: a refusal does not stop the line.
    last = run.catch(() => undefined);
    return run;
  };
}
