import { createHash } from 'node:crypto';

/**
 * One table's rows reduced to a fingerprint that does not depend on their order: each row's canonical
 * JSON is hashed, the hashes sorted, and the list hashed. Two engines list rows in different orders
 * (text collation, NULLs), so only an order-free comparison can say "the same rows" of both.
 */
export class TableDigest {
  private readonly hashes: string[] = [];

  add(row: Record<string, unknown>): void {
    this.hashes.push(createHash('sha256').update(JSON.stringify(canonical(row))).digest('hex'));
  }

  get rows(): number {
    return this.hashes.length;
  }

  digest(): string {
    return createHash('sha256').update(this.hashes.sort().join('\n')).digest('hex');
  }
}

/**
 * A value as both engines give it back through drizzle, made comparable: bytes as base64 (a Buffer's
 * JSON would do too, but says nothing readable in a failure), object keys sorted (jsonb keeps no key
 * order), undefined as null.
 */
function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, canonical(inner)]));
  }
  return value;
}
