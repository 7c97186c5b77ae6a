import { IdSchema, OkSchema } from '@zhengqi/contracts/common';
import { FILE_LIMITS } from '@zhengqi/contracts/files';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { DomainError } from '../errors/domain-error';
import { contentDisposition } from '../http/download';
import { actorOf, type ZApp } from '../http/fastify-types';
import { deleteFile, downloadFile, type FilePolicies, type Upload } from './file-service';

/** The options @fastify/multipart is registered with (app.ts): one file of at most FILE_LIMITS.maxBytes. */
export const MULTIPART_OPTIONS = {
  // Browsers send the name's UTF-8 bytes in `filename="…"`; busboy would read them as Latin-1.
  defParamCharset: 'utf8',
  limits: { fileSize: FILE_LIMITS.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 100 },
} as const;

const SIZE_CODES = new Set(['FST_REQ_FILE_TOO_LARGE']);
const COUNT_CODES = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * Reads the one file of a multipart/form-data request. Anything else is a 4xx problem, never a
 * 500: another content type (415), a body without a file part or a malformed one (400), a second
 * file (400), a file over the limit (413 FILE_TOO_LARGE).
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', { field: 'file', detail: 'send multipart/form-data with one file part' });
  }
  let upload: Upload | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        // busboy stops a second file at the files limit (FST_FILES_LIMIT), so this runs once.
        upload = { fileName: part.filename, data: await part.toBuffer() };
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && SIZE_CODES.has(code)) {
      throw new DomainError('FILE_TOO_LARGE', { field: 'file' });
    }
    const detail = typeof code === 'string' && COUNT_CODES.has(code) ? 'one file per request' : `malformed multipart body: ${err instanceof Error ? err.message : String(err)}`;
    throw new DomainError('BAD_REQUEST', { field: 'file', detail });
  }
  if (upload === undefined) {
    throw new DomainError('VALIDATION_FAILED', { field: 'file', detail: 'the multipart body has no file part' });
  }
  return upload;
}

/**
 * preValidation of an upload route: reads the multipart body's one file into `body.file` (a File),
 * so the route's body schema (FileUploadBodySchema) validates it and names `file` when it is missing.
 * Other content types pass through to that schema untouched.
 */
export async function readUploadBody(req: FastifyRequest): Promise<void> {
  if (req.isMultipart()) {
    const { fileName, data } = await readUpload(req);
    req.body = { file: new File([data], fileName) };
  }
}

/** The name and bytes of a validated upload body's file. */
export async function uploadOf(file: File): Promise<Upload> {
  return { fileName: file.name, data: Buffer.from(await file.arrayBuffer()) };
}

/**
 * A file by its id, whatever it belongs to: download and delete. Who may is the owning module's
 * policy for the file's record (`policies`, by entity type); the route only needs a session.
 */
export function registerFileRoutes(app: ZApp, ctx: AppContext, policies: FilePolicies): void {
  const Params = z.object({ id: IdSchema });

  app.get('/api/v1/files/:id', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['files'],
      summary: 'Download a file (attachment, photo, evidence) for whoever may see the record it belongs to; the stored type, nosniff, an RFC 5987 file name',
      params: Params,
    },
    handler: async (req, reply) => {
      const { meta, content } = await downloadFile(ctx, actorOf(req), policies, req.params.id);
      return reply
        .header('content-type', meta.mime)
        .header('content-length', String(content.length))
        .header('content-disposition', contentDisposition(meta.name))
        .header('x-content-type-options', 'nosniff')
        // Access may change (a file deleted, a user moved): no shared or stored copies.
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  });

  app.delete('/api/v1/files/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['files'], summary: 'Remove a file: its uploader or a holder of the record’s write permission, while the record is open (audited)', params: Params, response: { 200: OkSchema } },
    handler: async (req) => {
      await deleteFile(ctx, actorOf(req), policies, req.params.id);
      return { ok: true as const };
    },
  });
}
