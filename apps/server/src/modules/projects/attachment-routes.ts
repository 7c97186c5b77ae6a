import { IdSchema, MonthSchema } from '@zhengqi/contracts/common';
import { EntityFilesSchema, FileMetaSchema, FileUploadBodySchema, ProblemFileQuerySchema, ProgressFileQuerySchema } from '@zhengqi/contracts/files';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { readUploadBody, registerFileRoutes, uploadOf } from '../../platform/files/file-routes';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { PROJECT_FILE_POLICIES, attachToProblem, attachToProgressReport, problemFileList, progressFileList } from './attachment-service';

const ProblemParams = z.object({ id: IdSchema });
const ReportParams = z.object({ id: IdSchema, month: MonthSchema });
const upload = 'multipart/form-data with one part, the file (JPEG, PNG, PDF, DOCX, XLSX or UTF-8 text; at most 10 MiB; the type is read from the bytes)';

/**
 * Attachments and photos of the key-project module: on problems (attachments; the handler's
 * feedback evidence) and on monthly progress reports (photos, attachments); download and removal
 * by file id. An upload route reads the multipart body before validation (readUploadBody), then
 * calls one use case.
 */
export function registerAttachmentRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/v1/problems/:id/files', {
    // The purpose decides who may attach (reporter or dispatcher; the handler for evidence): the use case checks.
    config: { access: 'problem.read' },
    schema: {
      tags: ['problems'],
      summary: `Attach a file to a problem: purpose=attachment (the reporter or a dispatcher, while open) or evidence (the assigned handler, in progress or fed back). ${upload}`,
      consumes: ['multipart/form-data'],
      params: ProblemParams,
      querystring: ProblemFileQuerySchema,
      body: FileUploadBodySchema,
      response: { 201: FileMetaSchema },
    },
    preValidation: readUploadBody,
    handler: async (req, reply) => reply.code(201).send(await attachToProblem(ctx, actorOf(req), req.params.id, req.query.purpose, await uploadOf(req.body.file))),
  });

  app.get('/api/v1/problems/:id/files', {
    config: { access: 'problem.read' },
    schema: { tags: ['problems'], summary: 'A problem’s attachments and evidence (no content), with what the caller may add or remove now', params: ProblemParams, response: { 200: EntityFilesSchema } },
    handler: async (req) => problemFileList(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/projects/:id/progress/:month/files', {
    config: { access: 'project.write' },
    schema: {
      tags: ['projects'],
      summary: `Attach a photo or a document to a project’s monthly progress report (the report must exist). ${upload}`,
      consumes: ['multipart/form-data'],
      params: ReportParams,
      querystring: ProgressFileQuerySchema,
      body: FileUploadBodySchema,
      response: { 201: FileMetaSchema },
    },
    preValidation: readUploadBody,
    handler: async (req, reply) => reply.code(201).send(await attachToProgressReport(ctx, actorOf(req), req.params.id, req.params.month, req.query.purpose, await uploadOf(req.body.file))),
  });

  app.get('/api/v1/projects/:id/progress/:month/files', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'The photos and attachments of a monthly progress report (no content)', params: ReportParams, response: { 200: EntityFilesSchema } },
    handler: async (req) => progressFileList(ctx, actorOf(req), req.params.id, req.params.month),
  });

  // The only module with files today registers the by-id routes; a second one moves this line to
  // app.ts with both modules' policies (Fastify refuses a route registered twice).
  registerFileRoutes(app, ctx, PROJECT_FILE_POLICIES);
}
