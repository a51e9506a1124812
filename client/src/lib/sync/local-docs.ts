/**
 * Forgets every record (risk, meeting, challenge) kept on this device (IndexedDB), for signing out: registers hold
 * OFFICIAL-SENSITIVE material and the next person at this browser must not find it.
 */
export async function forgetLocalDocs(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const dbs = await indexedDB.databases();
    await Promise.all(
      dbs
        .map((d) => d.name)
        .filter((name): name is string => !!name && /^(risk|meeting|challenge):/.test(name))
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
