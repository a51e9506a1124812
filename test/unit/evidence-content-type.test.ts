import { describe, expect, it } from 'vitest';
import { detectContentType } from '../../server/features/evidence/content-type.js';
import { attachmentDisposition, cleanFileName } from '../../server/features/evidence/upload.js';

/** A zip of stored (uncompressed) entries: enough for file-type to read an OOXML package's parts. */
function zip(entries: [name: string, text: string][]): Buffer {
  const parts = entries.map(([name, text]) => {
    const data = Buffer.from(text);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name), data]);
  });
  return Buffer.concat(parts);
}
const ooxml = (main: string, part: string) => zip([['[Content_Types].xml', `<?xml version="1.0"?><Types><Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.${main}+xml"/></Types>`], [part, '<x/>']]);
const OLE = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096, 0)]);

// [what, name, bytes, the type stored, or null for refused]
const CASES: [string, string, Buffer, string | null][] = [
  ['PDF', 'x.bin', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), 'application/pdf'],
  ['PNG', 'x', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 'image/png'],
  ['JPEG', 'x.png', Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(32, 1)]), 'image/jpeg'],
  ['GIF', 'x', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 1)]), 'image/gif'],
  ['WebP', 'x', Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32, 1)]), 'image/webp'],
  ['docx', 'plan.docx', ooxml('wordprocessingml.document.main', 'word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'plan.xlsx', ooxml('spreadsheetml.sheet.main', 'xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['pptx', 'plan.pptx', ooxml('presentationml.presentation.main', 'ppt/presentation.xml'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['legacy Word', 'minutes.DOC', OLE, 'application/msword'],
  ['legacy Excel', 'figures.xls', OLE, 'application/vnd.ms-excel'],
  ['legacy PowerPoint', 'slides.ppt', OLE, 'application/vnd.ms-powerpoint'],
  ['an OLE file named otherwise (an installer)', 'setup.msi', OLE, null],
  ['legacy Word, exactly its 512-byte header', 'minutes.doc', OLE.subarray(0, 512), 'application/msword'],
  ['an OLE signature shorter than a header, named .doc', 'minutes.doc', OLE.subarray(0, 100), null],
  ['an OLE file named .docx (not a legacy name)', 'minutes.docx', OLE, null],
  ['an OLE file without a name', 'minutes', OLE, null],
  ['MZ (an .exe) named minutes.doc', 'minutes.doc', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600, 0)]), null],
  ['ELF named figures.xls', 'figures.xls', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(600, 0)]), null],
  ['text named slides.ppt', 'slides.ppt', Buffer.from('not really slides'), 'text/plain; charset=utf-8'],
  ['ELF named report.pdf', 'report.pdf', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(60, 0)]), null],
  ['MZ named report.pdf', 'report.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]), null],
  ['a plain zip', 'archive.docx', zip([['readme.txt', 'hello']]), null],
  ['UTF-8 text', 'notes.txt', Buffer.from('Résumé of the audit — 24 cases'), 'text/plain; charset=utf-8'],
  ['CSV', 'figures.CSV', Buffer.from('a,b\n1,2\n'), 'text/csv; charset=utf-8'],
  ['HTML', 'page.txt', Buffer.from('<!doctype html><p>hi'), null],
  ['a script in text', 'notes.txt', Buffer.from('notes <script>alert(1)</script>'), null],
  ['plain text named .html', 'page.html', Buffer.from('just words'), null],
  ['text with a NUL byte', 'notes.txt', Buffer.from('abc\0def'), null],
  ['Latin-1 text (not UTF-8)', 'notes.txt', Buffer.from('caf\xe9', 'latin1'), null],
  ['an empty file', 'empty.txt', Buffer.alloc(0), null],
];

describe('what an uploaded file is, by its content', () => {
  it.each(CASES)('%s', async (_what, name, bytes, expected) => {
    if (expected) expect(await detectContentType(bytes, name)).toBe(expected);
    else await expect(detectContentType(bytes, name)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
  });
});

describe('file names', () => {
  it.each([
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['line\nbreak.txt', 'linebreak.txt'],
    ['', 'evidence'],
    [undefined, 'evidence'],
  ])('%j is stored as %j', (raw, stored) => expect(cleanFileName(raw)).toBe(stored));

  it('a download names the file exactly (RFC 5987) with an ASCII fallback that cannot break the header', () => {
    expect(attachmentDisposition('Audit "March" – 100%.pdf')).toBe(`attachment; filename="Audit _March_ _ 100_.pdf"; filename*=UTF-8''Audit%20%22March%22%20%E2%80%93%20100%25.pdf`);
    expect(attachmentDisposition("it's (final)*.txt")).toBe(`attachment; filename="it's (final)*.txt"; filename*=UTF-8''it%27s%20%28final%29%2A.txt`);
  });
});
