import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * SQLite's own count of the transactions committed since its write-ahead log was last restarted
 * (checkpoint it with TRUNCATE first): every commit ends with a frame whose "database size after
 * commit" field is set, and frames of the current log carry the header's salts. Read from the
 * `-wal` file itself (https://www.sqlite.org/fileformat2.html#walformat), not from anything the
 * server says about itself.
 */
export function walCommits(dataDir: string): number {
  let wal: Buffer;
  try {
    wal = readFileSync(path.join(dataDir, 'board.sqlite-wal'));
  } catch {
    return 0;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    // A frame left from before the last restart has other salts, and so does everything after it.
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}
