import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../shared/errors.js';

/**
 * What a file is, decided from its bytes, never from its name or what the browser said: the
 * evidence store takes PDF, Word, Excel and PowerPoint (OOXML, and the legacy binary formats by their
 * OLE signature and name), PNG, JPEG, GIF and WebP images, and plain text or CSV (valid UTF-8 without
 * NUL bytes). Anything else — an executable renamed report.pdf, an archive, HTML or SVG — is refused,
 * naming the `file` field. HTML is refused outright rather than stored as text, so nothing the store
 * holds can be a page, even once downloaded and opened from disk.
 */

const BINARY: Record<string, string> = {
  'application/pdf': 'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
};

/** The legacy Office formats share the OLE compound-file signature; which one it is, the name says. */
const OLE_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** Names a browser or a desktop would open as a page or a script, whatever the bytes. */
const MARKUP_NAMES = /\.(html?|xhtml|shtml|svgz?|xml|xsl|js|mjs|hta)$/i;
/** Markup anywhere in a text: an HTML document, a script, an SVG or an XML document. */
const MARKUP = /<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>/]|svg[\s>]|iframe[\s>]|\?xml)/i;

export const ACCEPTED_FILES = 'PDF, Word, Excel, PowerPoint, PNG, JPEG, GIF, WebP, plain text or CSV';

const refusedFile = (message: string) => new AppError('VALIDATION_FAILED', `${message} The evidence store takes ${ACCEPTED_FILES} files.`, [{ path: 'file', message }]);

/** The OLE compound-file signature, and its header's size: a shorter file is no compound file. */
const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const OLE_HEADER_BYTES = 512;

/**
 * A legacy Office file, by its own signature rather than file-type's answer (which is `cfb`, or, for
 * some versions and files, nothing at all): the bytes decide it is a compound file, the name which of
 * the three it is. A compound file named otherwise (an installer, a mail message) is refused.
 */
function legacyOffice(bytes: Buffer, name: string): string | null {
  if (bytes.length < OLE_HEADER_BYTES || !bytes.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) return null;
  const legacy = OLE_BY_EXTENSION[extensionOf(name)];
  if (legacy) return legacy;
  throw refusedFile('An OLE compound file that is not named .doc, .xls or .ppt.');
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The content type to store and serve, or a refusal naming `file`. */
export async function detectContentType(bytes: Buffer, name: string): Promise<string> {
  if (bytes.length === 0) throw refusedFile('The file is empty.');
  const legacy = legacyOffice(bytes, name);
  if (legacy) return legacy;
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const allowed = BINARY[found.mime];
    if (allowed) return allowed;
    // A compound file shorter than its own header (legacyOffice passed it by): not a document.
    if (found.mime === 'application/x-cfb') throw refusedFile('A truncated OLE compound file.');
    throw refusedFile(`The file's content is ${found.ext.toUpperCase()} (${found.mime}), which is not taken.`);
  }
  return textType(bytes, name);
}

function textType(bytes: Buffer, name: string): string {
  if (bytes.includes(0)) throw refusedFile('The file is neither a document, an image nor text.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refusedFile('The file is neither a document, an image nor UTF-8 text.');
  }
  if (MARKUP.test(text) || MARKUP_NAMES.test(name)) throw refusedFile('HTML, SVG, XML and scripts are not taken as evidence files.');
  return extensionOf(name) === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8';
}
