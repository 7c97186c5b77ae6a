import type { FileMeta, FilePurpose } from '@zhengqi/contracts/files';
import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/database';
import { files, users } from '../db/schema';

export type FileRow = typeof files.$inferSelect;
/** A file's row without its content. */
export type FileHead = Omit<FileRow, 'content'>;

const { content: _content, ...headColumns } = getTableColumns(files);

function metaOf(r: FileHead, uploadedByName: string | null): FileMeta {
  return {
    id: r.id, name: r.name, mime: r.mime, size: r.size, purpose: r.purpose as FilePurpose, uploadedBy: r.uploadedBy, uploadedByName, createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Serializes the writers of one record's files until the transaction ends, so the count checked
 * against the per-record limit cannot race another upload.
 */
export async function lockEntityFiles(tx: Tx, entityType: string, entityId: string): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`files:${entityType}:${entityId}`}))`);
}

/** How many files the record holds. */
export async function countEntityFiles(tx: Tx, entityType: string, entityId: string): Promise<number> {
  const [r] = await tx.select({ n: count() }).from(files).where(and(eq(files.entityType, entityType), eq(files.entityId, entityId)));
  return Number(r?.n ?? 0);
}

export async function insertFile(tx: Tx, row: FileRow): Promise<void> {
  await tx.insert(files).values(row);
}

/** The record's files without content, oldest first, with the uploader's name when visible. */
export async function selectEntityFiles(tx: Tx, entityType: string, entityId: string): Promise<Array<{ head: FileHead; meta: FileMeta }>> {
  const rows = await tx
    .select({ head: headColumns, uploadedByName: users.displayName })
    .from(files)
    .leftJoin(users, eq(users.id, files.uploadedBy))
    .where(and(eq(files.entityType, entityType), eq(files.entityId, entityId)))
    .orderBy(asc(files.createdAt), asc(files.id));
  return rows.map((r) => ({ head: r.head, meta: metaOf(r.head, r.uploadedByName) }));
}

/** One file's metadata, or undefined when missing or outside the jurisdiction. */
export async function selectFileMeta(tx: Tx, id: string): Promise<{ head: FileHead; meta: FileMeta } | undefined> {
  const [r] = await tx.select({ head: headColumns, uploadedByName: users.displayName }).from(files).leftJoin(users, eq(users.id, files.uploadedBy)).where(eq(files.id, id));
  return r === undefined ? undefined : { head: r.head, meta: metaOf(r.head, r.uploadedByName) };
}

/** One file's content. */
export async function selectFileContent(tx: Tx, id: string): Promise<Buffer | undefined> {
  const [r] = await tx.select({ content: files.content }).from(files).where(eq(files.id, id));
  return r?.content;
}

/** Deletes the file; false when it was already gone. */
export async function deleteFileRow(tx: Tx, id: string): Promise<boolean> {
  const gone = await tx.delete(files).where(eq(files.id, id)).returning({ id: files.id });
  return gone.length > 0;
}
