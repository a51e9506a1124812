import { OFFLINE_API_CACHE } from '../../../../shared/protocol/offline';

/**
 * Forgets everything of the records kept on this device for offline use, for signing out: the
 * documents (risk, meeting, challenge, objective) in IndexedDB and the API answers the service worker
 * kept. Registers hold OFFICIAL-SENSITIVE material and the next person at this browser must not find it.
 */
export async function forgetLocalDocs(): Promise<void> {
  await Promise.all([forgetStoredDocs(), forgetKeptAnswers()]);
}

async function forgetStoredDocs(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const dbs = await indexedDB.databases();
    await Promise.all(
      dbs
        .map((d) => d.name)
        .filter((name): name is string => !!name && /^(risk|meeting|challenge|objective):/.test(name))
        .map(
          (name) =>
            new Promise<void>((resolve) => {
              const req = indexedDB.deleteDatabase(name);
              req.onsuccess = req.onerror = req.onblocked = () => resolve();
            }),
        ),
    );
  } catch {
    // Nothing stored, or storage is unavailable: nothing to forget.
  }
}

/** The API answers the service worker kept (the pages' reads), gone. */
export async function forgetKeptAnswers(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(OFFLINE_API_CACHE);
  } catch {
    // No cache storage here (a private window, say): nothing was kept.
  }
}

const LAST_PERSON = 'board:last-person';

/**
 * On signing in: what another person left on this device (their session ended without signing
 * out, say) is forgotten before anything of this person's is kept. The same person finds their own
 * records, changes made offline and not yet sent included.
 */
export async function keepOnlyFor(email: string): Promise<void> {
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_PERSON);
    localStorage.setItem(LAST_PERSON, email);
  } catch {
    // No local storage: nothing to compare with; sign-out still forgets everything.
  }
  // Nobody recorded yet (the first sign-in since this was added): nothing is known to be another's,
  // and changes typed offline and not yet sent must not be lost to the upgrade.
  if (last !== null && last !== email) await forgetLocalDocs();
}
