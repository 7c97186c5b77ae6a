import { FILE_LIMITS, type EntityFiles, type FileMeta, type FilePurpose } from '@zhengqi/contracts/files';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import { scopeOf, type Actor } from '../authz/actor';
import { sm3Hex } from '../crypto/sm-crypto';
import type { Tx } from '../db/database';
import { DomainError } from '../errors/domain-error';
import { newId } from '../ids/ids';
import { checkUpload, fileLimitReached } from './file-rules';
import {
  countEntityFiles, deleteFileRow, insertFile, lockEntityFiles, selectEntityFiles, selectFileContent, selectFileMeta, type FileHead,
} from './file-data';

// Files belong to a record of some module (a problem, a monthly progress report). The platform
// keeps the bytes, the limits and the audit; the owning module decides, through its FilePolicy,
// who may see the record and who may add or remove its files in its current state.

/** One record as the owning module sees it for this caller, loaded in the file use case's transaction. */
export type FileEntity = {
  /** The record's region: the file's row inherits it (and with it row-level security). */
  regionCode: string;
  /** Why the caller may not add a file of this purpose now, or null when they may. */
  refuseUpload(purpose: FilePurpose): DomainError | null;
  /** Why the caller may not remove this file now, or null when they may. */
  refuseDelete(file: Pick<FileHead, 'uploadedBy' | 'purpose'>): DomainError | null;
};

/** How a module guards the files of one kind of record (`entityType`). */
export type FilePolicy = {
  /** The purposes this kind of record takes. */
  purposes: readonly FilePurpose[];
  /**
   * The record for this caller, authorizing its reading (throw FORBIDDEN for a missing
   * permission); undefined when it does not exist or is not theirs to see (404). With `forChange`
   * the module locks what an upload or a deletion must not race (the record's state).
   */
  load(tx: Tx, actor: Actor, entityId: string, opts: { forChange: boolean }): Promise<FileEntity | undefined>;
};

/** The policies by entity type, for the routes that reach a file by its id alone. */
export type FilePolicies = Readonly<Record<string, FilePolicy>>;

/** What an upload carried: the sender's file name and the bytes. */
export type Upload = { fileName: string; data: Buffer };

export type EntityRef = { entityType: string; entityId: string; policy: FilePolicy };

async function loadEntity(tx: Tx, actor: Actor, ref: EntityRef, forChange: boolean, field = 'id'): Promise<FileEntity> {
  const entity = await ref.policy.load(tx, actor, ref.entityId, { forChange });
  if (entity === undefined) {
    throw new DomainError('NOT_FOUND', { field });
  }
  return entity;
}

/** The file's record and policy; NOT_FOUND when the file is missing, outside the jurisdiction or of a kind no module guards. */
async function ownerOf(tx: Tx, policies: FilePolicies, id: string): Promise<{ head: FileHead; meta: FileMeta; ref: EntityRef }> {
  const found = await selectFileMeta(tx, id);
  const policy = found === undefined ? undefined : policies[found.head.entityType];
  if (found === undefined || policy === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return { ...found, ref: { entityType: found.head.entityType, entityId: found.head.entityId, policy } };
}

function auditedFile(head: FileHead) {
  return { id: head.id, entityType: head.entityType, entityId: head.entityId, purpose: head.purpose, name: head.name, mime: head.mime, size: head.size, sm3: head.sm3 };
}

/**
 * Attaches a file to a record: the bytes decide the type (never the name or the sender's content
 * type); the module decides who may attach what now; at most FILE_LIMITS.maxPerEntity files per
 * record. The file and its audit row commit together.
 */
export async function uploadFile(
  ctx: AppContext,
  actor: Actor,
  input: EntityRef & Upload & { purpose: FilePurpose },
): Promise<FileMeta> {
  const verdict = checkUpload(input.data, input.fileName);
  if (!verdict.ok) {
    throw verdict.code === 'FILE_EMPTY'
      ? new DomainError('VALIDATION_FAILED', { field: 'file', detail: 'the file is empty' })
      : new DomainError(verdict.code, { field: 'file' });
  }
  if (!input.policy.purposes.includes(input.purpose)) {
    throw new DomainError('VALIDATION_FAILED', { field: 'purpose', detail: `${input.entityType} takes ${input.policy.purposes.join(', ')}` });
  }
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const entity = await loadEntity(tx, actor, input, true);
    const refusal = entity.refuseUpload(input.purpose);
    if (refusal !== null) {
      throw refusal;
    }
    await lockEntityFiles(tx, input.entityType, input.entityId);
    if (fileLimitReached(await countEntityFiles(tx, input.entityType, input.entityId))) {
      throw new DomainError('FILE_LIMIT_REACHED', { field: 'file', extra: { maxFiles: FILE_LIMITS.maxPerEntity } });
    }
    const row = {
      id: newId('fil'), regionCode: entity.regionCode, entityType: input.entityType, entityId: input.entityId, purpose: input.purpose,
      name: verdict.name, mime: verdict.mime, size: input.data.length, sm3: sm3Hex(input.data), content: input.data, uploadedBy: actor.userId, createdAt: now,
    };
    await insertFile(tx, row);
    // Audited against the record the file belongs to, so the record's history shows its files.
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'file.uploaded', entityType: input.entityType,
      entityId: input.entityId, regionCode: entity.regionCode, before: null, after: auditedFile(row), requestId: actor.requestId ?? null,
    });
    const stored = await selectFileMeta(tx, row.id);
    if (stored === undefined) {
      throw new Error(`file ${row.id} vanished inside its own transaction`);
    }
    return stored.meta;
  });
}

/** A record's files (without content), with what the caller may do with them now. */
export async function listFiles(ctx: AppContext, actor: Actor, ref: EntityRef): Promise<EntityFiles> {
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const entity = await loadEntity(tx, actor, ref, false);
    const rows = await selectEntityFiles(tx, ref.entityType, ref.entityId);
    return {
      items: rows.map(({ head, meta }) => ({ ...meta, canDelete: entity.refuseDelete(head) === null })),
      canUpload: ref.policy.purposes.filter((p) => entity.refuseUpload(p) === null),
      maxFiles: FILE_LIMITS.maxPerEntity,
      maxBytes: FILE_LIMITS.maxBytes,
    };
  });
}

/** A file's metadata and bytes, for whoever may see the record it belongs to; NOT_FOUND otherwise. */
export async function downloadFile(ctx: AppContext, actor: Actor, policies: FilePolicies, id: string): Promise<{ meta: FileMeta; content: Buffer }> {
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const { meta, ref } = await ownerOf(tx, policies, id);
    await loadEntity(tx, actor, ref, false);
    const content = await selectFileContent(tx, id);
    if (content === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    return { meta, content };
  });
}

/** Removes a file: its uploader or a holder of the module's write permission, while the record is open; audited. */
export async function deleteFile(ctx: AppContext, actor: Actor, policies: FilePolicies, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const { head, ref } = await ownerOf(tx, policies, id);
    const entity = await loadEntity(tx, actor, ref, true);
    const refusal = entity.refuseDelete(head);
    if (refusal !== null) {
      throw refusal;
    }
    if (!(await deleteFileRow(tx, id))) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'file.deleted', entityType: head.entityType,
      entityId: head.entityId, regionCode: head.regionCode, before: auditedFile(head), after: null, requestId: actor.requestId ?? null,
    });
  });
}
