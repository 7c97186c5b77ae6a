import { z } from 'zod';
import { IdSchema } from './common';

// Attachments and photos (platform/files): the limits and kinds shared by the server's rules and
// the web's upload control. The server decides a file's kind from its bytes, never from the name
// or the browser's content type.

type Label = { zh: string; en: string };

/** Why a file is attached: a document, a site photo, or the evidence a handler feeds back with. */
export const FILE_PURPOSES = ['attachment', 'photo', 'evidence'] as const;
export const FilePurposeSchema = z.enum(FILE_PURPOSES);
export type FilePurpose = (typeof FILE_PURPOSES)[number];
export const FILE_PURPOSE_LABELS: Record<FilePurpose, Label> = {
  attachment: { zh: '附件', en: 'Attachment' },
  photo: { zh: '照片', en: 'Photo' },
  evidence: { zh: '办理佐证', en: 'Evidence' },
};

export const FILE_LIMITS = {
  /** The largest file accepted, in bytes (10 MiB). */
  maxBytes: 10 * 1024 * 1024,
  /** Files one record (a problem, a monthly progress report) may carry. */
  maxPerEntity: 20,
  /** The longest display name kept, in characters. */
  maxNameLength: 120,
} as const;

/** The kinds accepted, recognised by their leading bytes; `extensions` are what the name should end with. */
export const FILE_KINDS = {
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  text: { mime: 'text/plain; charset=utf-8', extensions: ['txt', 'csv', 'md', 'log'] },
} as const satisfies Record<string, { mime: string; extensions: readonly string[] }>;
export type FileKind = keyof typeof FILE_KINDS;

/** The `accept` list of an upload control (a hint for the file picker; the server checks the bytes). */
export const FILE_ACCEPT = Object.values(FILE_KINDS).flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');

export const FileMetaSchema = z.object({
  id: IdSchema,
  /** The display name, cleaned: no path, no control characters, an extension that fits the content. */
  name: z.string(),
  /** The content type detected from the bytes, sent back on download. */
  mime: z.string(),
  size: z.number().int().min(1),
  purpose: FilePurposeSchema,
  uploadedBy: IdSchema,
  uploadedByName: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601 instant'),
});
export type FileMeta = z.infer<typeof FileMetaSchema>;

/** The files of one record (no content) and what the caller may do with them now. */
export const EntityFilesSchema = z.object({
  items: z.array(FileMetaSchema.extend({ canDelete: z.boolean() })),
  /** The purposes the caller may upload now (empty when the record is read-only to them). */
  canUpload: z.array(FilePurposeSchema),
  maxFiles: z.number().int(),
  maxBytes: z.number().int(),
});
export type EntityFiles = z.infer<typeof EntityFilesSchema>;

/**
 * The upload body: multipart/form-data with one part, the file. The server reads the multipart
 * stream into `file` before validating, so a JSON body (which never holds a file) fails on `file`.
 */
export const FileUploadBodySchema = z.object({ file: z.file().describe('the file (one part; JPEG, PNG, PDF, DOCX, XLSX or UTF-8 text; at most 10 MiB)') });

export const ProblemFileQuerySchema = z.object({ purpose: z.enum(['attachment', 'evidence']) });
export const ProgressFileQuerySchema = z.object({ purpose: z.enum(['photo', 'attachment']) });
