import type { ErrorBody } from '../../shared/errors.js';
import type { EvidenceView } from '../../shared/schemas/evidence.js';
import type { ApiClient } from './http.js';

/** What an upload answered: the status, and the EvidenceView or the error. */
export interface UploadAnswer {
  status: number;
  body: EvidenceView | ErrorBody;
}

/** Uploads one file as the browser's form does (multipart/form-data built by FormData), signed in as `client`. */
export async function uploadEvidence(client: ApiClient, partnershipId: number, file: { name: string; bytes: Uint8Array | string; type?: string }, fields: Record<string, string> = {}): Promise<UploadAnswer> {
  const form = new FormData();
  const meta = { title: 'Uploaded evidence', date: '2026-01-15', kind: 'document', ...fields };
  for (const [key, value] of Object.entries(meta)) form.append(key, value);
  form.append('file', new Blob([file.bytes as BlobPart], { type: file.type ?? 'application/octet-stream' }), file.name);
  const headers: Record<string, string> = { origin: client.baseUrl };
  if (client.sessionCookie) headers.cookie = client.sessionCookie;
  const res = await fetch(`${client.baseUrl}/api/partnerships/${partnershipId}/evidence`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as EvidenceView | ErrorBody };
}

/** A download's status, headers and bytes. */
export async function downloadEvidence(client: ApiClient, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (client.sessionCookie) headers.cookie = client.sessionCookie;
  const res = await fetch(`${client.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** An upload whose body is sent in part and held open: the server is reading it until `finish` or `abort`. */
export interface HeldUpload {
  /** Sends the rest of the body; resolves with the answer. */
  finish(): Promise<UploadAnswer>;
  /** Cuts the upload short (the connection is dropped mid-body). */
  abort(): void;
}

/**
 * Starts a real multipart upload, sends its fields and the first `heldBytes` of its file, and holds
 * the body open: several of these are uploads in flight at once, as slow connections make them.
 */
export function heldUpload(client: ApiClient, partnershipId: number, file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}, heldBytes = 64 * 1024): HeldUpload {
  const boundary = `----held${Math.random().toString(16).slice(2)}`;
  const meta = { title: 'Held upload', date: '2026-01-15', kind: 'document', ...fields };
  const head = Buffer.from(
    Object.entries(meta)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const split = Math.min(heldBytes, file.bytes.length);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(Buffer.concat([head, file.bytes.subarray(0, split)]));
    },
  });
  const aborter = new AbortController();
  const headers: Record<string, string> = { origin: client.baseUrl, 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (client.sessionCookie) headers.cookie = client.sessionCookie;
  const answer = fetch(`${client.baseUrl}/api/partnerships/${partnershipId}/evidence`, { method: 'POST', headers, body, signal: aborter.signal, duplex: 'half' } as RequestInit).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as EvidenceView | ErrorBody,
  }));
  // An aborted upload's answer is a rejection no one waits for.
  answer.catch(() => undefined);
  return {
    finish() {
      controller.enqueue(Buffer.concat([file.bytes.subarray(split), tail]));
      controller.close();
      return answer;
    },
    abort() {
      aborter.abort();
    },
  };
}
