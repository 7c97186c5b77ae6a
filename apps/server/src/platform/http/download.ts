import type { FastifyReply } from 'fastify';

// Files sent for download (exports, templates, bulletins, attachments): one Content-Disposition rule.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * ! unescaped; the first four are not allowed.
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition value (RFC 6266): `filename=` an ASCII stand-in for old clients (`asciiName`,
 * or the name with every other character as `_`), `filename*=` the real name in UTF-8 (RFC 5987).
 * Node refuses non-ASCII header values.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment', asciiName?: string): string {
  const ascii = (asciiName ?? name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}

/** Sends `data` as a file to save under `name` (`asciiName` for clients that cannot read UTF-8 names). */
export function sendDownload(reply: FastifyReply, type: string, data: Buffer, name: string, asciiName?: string): FastifyReply {
  return reply.header('content-type', type).header('content-disposition', contentDisposition(name, 'attachment', asciiName)).send(data);
}
