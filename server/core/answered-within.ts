/**
 * `work`'s answer, or a rejection once `ms` have passed without one: for what another service answers
 * (Redis, the other processes) where the caller has something better to do than wait longer. The work
 * itself goes on; a late failure of it is heard here, never left unhandled.
 */
export async function answeredWithin<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
