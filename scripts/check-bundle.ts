/**
 * No chunk of the built client is over 500 kB (issue 16 item 9): pages load as their own chunks, so
 * the first page does not wait for every other. Reads the build given (default: the browser tests'
 * build, which .ci/run has just made), exits non-zero naming each chunk over the limit.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const LIMIT_BYTES = 500 * 1000;
const dir = path.resolve(process.argv[2] ?? 'dist/client-e2e', 'assets');
const chunks = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: f, bytes: statSync(path.join(dir, f)).size }));
if (chunks.length === 0) {
  console.error(`bundle: no chunks in ${dir}; build the client first`);
  process.exit(1);
}
const over = chunks.filter((c) => c.bytes > LIMIT_BYTES);
const largest = chunks.toSorted((a, b) => b.bytes - a.bytes)[0]!;
if (over.length > 0) {
  for (const c of over) console.error(`bundle: ${c.file} is ${(c.bytes / 1000).toFixed(0)} kB, over ${LIMIT_BYTES / 1000} kB`);
  process.exit(1);
}
console.log(`bundle: ${chunks.length} chunks, the largest ${largest.file} at ${(largest.bytes / 1000).toFixed(0)} kB (limit ${LIMIT_BYTES / 1000} kB)`);
