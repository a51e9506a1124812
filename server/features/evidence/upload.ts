import type { Request } from 'express';
import { EVIDENCE_LIMITS } from '../../../shared/limits.js';
import { EVIDENCE_LINK_FIELDS } from '../../../shared/schemas/evidence.js';
import { cleanFileName as clean, readUpload as read, type ReadUpload, type UploadLimits } from '../../http/multipart.js';

export { attachmentDisposition } from '../../http/multipart.js';

/** An evidence upload: one file up to EVIDENCE_LIMITS.fileBytesMax, its fields, its link ids as lists. */
const EVIDENCE_UPLOAD: UploadLimits = {
  fileBytesMax: EVIDENCE_LIMITS.fileBytesMax,
  fieldsMax: EVIDENCE_LIMITS.fieldsMax,
  fieldBytesMax: EVIDENCE_LIMITS.fieldBytesMax,
  fileNameMax: EVIDENCE_LIMITS.fileNameMax,
  listFields: new Set<string>(Object.values(EVIDENCE_LINK_FIELDS)),
  defaultName: 'evidence',
};

export const cleanFileName = (raw: string | undefined): string => clean(raw, EVIDENCE_UPLOAD);
export const readUpload = (req: Request, idleMs: number): Promise<ReadUpload> => read(req, idleMs, EVIDENCE_UPLOAD);
