import type { ImportKind } from '../../../../shared/exchange/columns';
import { call, postForm, type RequestOptions } from './http';

const p = (partnershipId: number) => `/api/partnerships/${partnershipId}`;
const P = '/api/partnerships/:partnershipId';

/** Imports: a file previewed (multipart), its progress read, its commit. */
export const importsApi = {
  preview(pid: number, kind: ImportKind, file: File, mapping: Record<string, string>, planId: number | null) {
    const form = new FormData();
    form.set('kind', kind);
    if (Object.keys(mapping).length > 0) form.set('mapping', JSON.stringify(mapping));
    if (planId !== null) form.set('planId', String(planId));
    form.set('file', file, file.name);
    return postForm(`POST ${P}/imports`, `${p(pid)}/imports`, form);
  },
  get: (pid: number, id: string, options: RequestOptions = {}) => call(`GET ${P}/imports/:importId`, `${p(pid)}/imports/${encodeURIComponent(id)}`, undefined, options),
  commit: (pid: number, id: string) => call(`POST ${P}/imports/:importId/commit`, `${p(pid)}/imports/${encodeURIComponent(id)}/commit`),
};
