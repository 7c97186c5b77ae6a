import { inflateRawSync } from 'node:zlib';
import { FILE_KINDS, FILE_LIMITS, type FileKind } from '@zhengqi/contracts/files';

// What an uploaded file may be, decided from its bytes alone: the name and the browser's content
// type are the sender's claims. Pure: no I/O, no clock (zlib only inflates a zip's small index part).

export type FileVerdict =
  | { ok: true; kind: FileKind; mime: string; name: string }
  | { ok: false; code: 'FILE_TOO_LARGE' | 'FILE_TYPE_NOT_ALLOWED' | 'FILE_EMPTY' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;
const CONTENT_TYPES_PART = '[Content_Types].xml';
/** The main part's content type of a Word document and an Excel workbook (ECMA-376); macro-enabled and template variants differ. */
const OOXML_MAIN: ReadonlyArray<[FileKind, string]> = [
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
];
// [Content_Types].xml is a few kilobytes; anything far larger is not an Office document (or is a zip bomb).
const MAX_CONTENT_TYPES_BYTES = 256 * 1024;

function startsWith(data: Buffer, signature: Buffer): boolean {
  return data.length >= signature.length && data.subarray(0, signature.length).equals(signature);
}

/** The uncompressed bytes of one zip member, or null when the archive is not one we can read safely. */
function zipMember(data: Buffer, wanted: string): Buffer | null {
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  const floor = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= floor; i -= 1) {
    if (data.readUInt32LE(i) === ZIP_END_OF_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    return null;
  }
  const entries = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n += 1) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== ZIP_CENTRAL_HEADER) {
      return null;
    }
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localAt = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== wanted) {
      continue;
    }
    if (size > MAX_CONTENT_TYPES_BYTES || localAt + 30 > data.length || data.readUInt32LE(localAt) !== ZIP_LOCAL_HEADER) {
      return null;
    }
    const start = localAt + 30 + data.readUInt16LE(localAt + 26) + data.readUInt16LE(localAt + 28);
    const body = data.subarray(start, start + compressedSize);
    if (body.length !== compressedSize) {
      return null;
    }
    if (method === 0) {
      return body;
    }
    if (method !== 8) {
      return null;
    }
    try {
      return inflateRawSync(body, { maxOutputLength: MAX_CONTENT_TYPES_BYTES });
    } catch {
      return null;
    }
  }
  return null;
}

/** Word or Excel: a zip whose [Content_Types].xml declares the document's main part, and no macros. */
function officeKind(data: Buffer): FileKind | null {
  const types = zipMember(data, CONTENT_TYPES_PART)?.toString('utf8');
  if (types === undefined || /vbaProject|macroEnabled/i.test(types)) {
    return null;
  }
  const found = OOXML_MAIN.filter(([, main]) => types.includes(`"${main}"`));
  return found.length === 1 ? (found[0]?.[0] ?? null) : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Control characters text files do carry: tab, line feed, form feed, carriage return. */
const TEXT_CONTROLS: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/** Valid UTF-8 without other control characters (NUL above all), which mark a binary file. */
function isPlainText(data: Buffer): boolean {
  try {
    utf8.decode(data);
  } catch {
    return false;
  }
  // In UTF-8 no byte below 0x80 is part of a longer character, so the bytes can be checked directly.
  return data.every((b) => (b >= 0x20 && b !== 0x7f) || TEXT_CONTROLS.has(b));
}

/** The accepted kind the bytes are, or null: JPEG, PNG, PDF, DOCX, XLSX or UTF-8 text. */
export function detectKind(data: Buffer): FileKind | null {
  if (startsWith(data, PNG_SIGNATURE)) {
    return 'png';
  }
  if (startsWith(data, JPEG_SIGNATURE)) {
    return 'jpeg';
  }
  if (startsWith(data, PDF_SIGNATURE)) {
    return 'pdf';
  }
  if (data.length >= 4 && data.readUInt32LE(0) === ZIP_LOCAL_HEADER) {
    return officeKind(data);
  }
  return isPlainText(data) ? 'text' : null;
}

// C0 and C1 controls, zero-width and bidirectional formatting characters (which can disguise
// "photo\u202Egnp.exe" as "photoexe.png"), and the byte-order mark.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Characters that no file system or Content-Disposition takes literally.
const RESERVED = /[<>:"|?*]/g;

/**
 * The display name kept for an upload: the last path segment, without invisible or reserved
 * characters or leading dots, at most FILE_LIMITS.maxNameLength characters, ending with an
 * extension of the detected kind (appended when the sender's does not fit: `photo.pdf` that is a
 * PNG is kept as `photo.pdf.png`).
 */
export function cleanFileName(raw: string, kind: FileKind): string {
  const last = raw.split(/[/\\]/).at(-1) ?? '';
  const cleaned = last.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '');
  const extensions: readonly string[] = FILE_KINDS[kind].extensions;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const fits = extensions.includes(ext);
  const stem = (fits ? cleaned.slice(0, dot) : cleaned).replace(/[.\s]+$/, '');
  const suffix = `.${fits ? ext : (extensions[0] ?? kind)}`;
  const room = FILE_LIMITS.maxNameLength - suffix.length;
  const shortStem = Array.from(stem).slice(0, room).join('').trim();
  return `${shortStem === '' ? 'file' : shortStem}${suffix}`;
}

/** The verdict on an upload: too large, empty, not an accepted kind, or its kind, content type and clean name. */
export function checkUpload(data: Buffer, rawName: string): FileVerdict {
  if (data.length > FILE_LIMITS.maxBytes) {
    return { ok: false, code: 'FILE_TOO_LARGE' };
  }
  if (data.length === 0) {
    return { ok: false, code: 'FILE_EMPTY' };
  }
  const kind = detectKind(data);
  if (kind === null) {
    return { ok: false, code: 'FILE_TYPE_NOT_ALLOWED' };
  }
  return { ok: true, kind, mime: FILE_KINDS[kind].mime, name: cleanFileName(rawName, kind) };
}

/** True when a record already holds as many files as it may. */
export function fileLimitReached(count: number): boolean {
  return count >= FILE_LIMITS.maxPerEntity;
}
