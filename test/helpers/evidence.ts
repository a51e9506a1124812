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
