import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../../shared/errors.js';

/** A multipart body read: its text fields (link ids as arrays), and its one file, if any. */
export interface ReadUpload {
  fields: Record<string, unknown>;
  file: { name: string; bytes: Buffer } | null;
}

/** What one kind of upload takes: its file's bytes, its text fields, and which fields are lists of ids. */
export interface UploadLimits {
  fileBytesMax: number;
  fieldsMax: number;
  fieldBytesMax: number;
  fileNameMax: number;
  /** Fields whose comma-separated values are gathered as a list (ids as numbers). */
  listFields?: ReadonlySet<string>;
  /** What a file is called when it came without a name. */
  defaultName: string;
}

/** A file's name as stored: its last path segment, without control characters, at most fileNameMax long. */
export function cleanFileName(raw: string | undefined, limits: Pick<UploadLimits, 'fileNameMax' | 'defaultName'>): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw ?? '').split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, limits.fileNameMax) || limits.defaultName;
}

/**
 * Reads one upload's multipart body. The file is kept in memory up to the limit and no further: past
 * it, the rest is read and thrown away, and the upload is refused whole (413). A body declared larger
 * than any allowed upload is refused before it is read, and one whose body stops arriving for `idleMs`
 * is cut (its connection closed) and refused.
 */
export function readUpload(req: Request, idleMs: number, limits: UploadLimits): Promise<ReadUpload> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `A file may be at most ${limits.fileBytesMax / (1024 * 1024)} MB.`, [{ path: 'file', message: 'Too large' }]);
  // Room for the fields and the multipart framing around the largest file allowed.
  const BODY_MAX = limits.fileBytesMax + limits.fieldsMax * limits.fieldBytesMax + 64 * 1024;
  const LIST_FIELDS = limits.listFields ?? new Set<string>();
  if (!req.is('multipart/form-data')) return Promise.reject(new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data.', [{ path: 'file', message: 'Not a multipart body' }]));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BODY_MAX) return Promise.reject(tooLarge());
  let idle: ReturnType<typeof setTimeout> | undefined;
  let stalled = () => {};
  // Re-armed by every chunk: only a body that stops arriving is cut, never a large one arriving slowly but steadily.
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stalled(), idleMs);
  };
  const read = new Promise<ReadUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy reports reaching its limit, not passing it: one byte more than allowed is what is refused.
        limits: { files: 1, fileSize: limits.fileBytesMax + 1, fields: limits.fieldsMax, fieldSize: limits.fieldBytesMax, parts: limits.fieldsMax + 1 },
      });
    } catch {
      reject(new AppError('BAD_REQUEST', 'The multipart body cannot be read.'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: ReadUpload['file'] = null;
    let failure: AppError | null = null;
    const fail = (err: AppError) => (failure ??= err);

    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        fail(new AppError('VALIDATION_FAILED', 'One file, in the field named "file".', [{ path: name, message: 'Unexpected file' }]));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let over = false;
      // A body that ends inside the file part destroys this stream with an error: unheard, it would
      // be thrown out of the process. The upload is refused by busboy's own 'error' below.
      stream.on('error', () => fail(new AppError('BAD_REQUEST', 'The multipart body cannot be read.')));
      stream.on('data', (chunk: Buffer) => {
        if (!over) chunks.push(chunk);
      });
      stream.on('limit', () => {
        over = true;
        chunks.length = 0;
        fail(tooLarge());
      });
      stream.on('end', () => {
        if (!over) file = { name: cleanFileName(info.filename, limits), bytes: Buffer.concat(chunks) };
      });
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(new AppError('VALIDATION_FAILED', 'A field is too long.', [{ path: name, message: 'Too long' }]));
        return;
      }
      if (LIST_FIELDS.has(name)) {
        const ids = value.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => (/^[0-9]{1,10}$/.test(s) ? Number(s) : s));
        fields[name] = [...((fields[name] as unknown[] | undefined) ?? []), ...ids];
      } else fields[name] = value;
    });
    const tooMany = () => fail(new AppError('VALIDATION_FAILED', 'Too many parts in the upload.', [{ path: '', message: 'Too many parts' }]));
    bb.on('filesLimit', () => fail(new AppError('VALIDATION_FAILED', 'One file per upload.', [{ path: 'file', message: 'One file only' }])));
    bb.on('fieldsLimit', tooMany);
    bb.on('partsLimit', tooMany);
    bb.on('error', () => reject(failure ?? new AppError('BAD_REQUEST', 'The multipart body cannot be read.')));
    bb.on('close', () => {
      if (failure) reject(failure);
      else resolve({ fields, file });
    });
    req.on('aborted', () => reject(new AppError('BAD_REQUEST', 'The upload was cut short.')));
    stalled = () => {
      reject(new AppError('BAD_REQUEST', 'The upload stopped arriving.'));
      req.unpipe(bb);
      req.destroy();
    };
    req.on('data', arm);
    arm();
    req.pipe(bb);
  });
  return read.finally(() => {
    clearTimeout(idle);
    req.off('data', arm);
  });
}

/** `attachment`, with an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
