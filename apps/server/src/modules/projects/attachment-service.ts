import type { EntityFiles, FileMeta, FilePurpose } from '@zhengqi/contracts/files';
import type { AppContext } from '../../platform/app-context';
import { authorize, ownEntityScope, type Actor } from '../../platform/authz/actor';
import { DomainError } from '../../platform/errors/domain-error';
import { listFiles, uploadFile, type FileEntity, type FilePolicies, type FilePolicy, type Upload } from '../../platform/files/file-service';
import { selectProblemFileFacts } from './attachment-data';
import { problemDeleteRefusal, problemUploadRefusal, progressDeleteRefusal, progressUploadRefusal, type FileActor, type FileRefusal } from './attachment-rules';
import { selectProjectRow } from './project-data';
import { selectProgressReport } from './project-progress-data';

// The key-project module's files: attachments and evidence on problems, photos and attachments on
// monthly progress reports. The platform (platform/files) keeps the bytes; this module says who
// may see, add and remove them.

const PROBLEM = 'problem';
const PROGRESS_REPORT = 'progress_report';

function fileActor(actor: Actor): FileActor {
  return { userId: actor.userId, unitIds: [actor.organizationId], permissions: actor.permissions };
}

function refusal(code: FileRefusal | null, detail: string): DomainError | null {
  return code === null ? null : new DomainError(code, { detail });
}

const problemFiles: FilePolicy = {
  purposes: ['attachment', 'evidence'],
  async load(tx, actor, id, { forChange }): Promise<FileEntity | undefined> {
    authorize(actor, 'problem.read');
    const p = await selectProblemFileFacts(tx, id, forChange);
    if (p === undefined) {
      return undefined;
    }
    // A project owner sees the problems of its own projects and those it reported (as getProblem).
    const owner = ownEntityScope(actor);
    if (owner !== undefined && p.reporterId !== actor.userId && (await selectProjectRow(tx, p.projectId, owner)) === undefined) {
      return undefined;
    }
    const who = fileActor(actor);
    return {
      regionCode: p.regionCode,
      refuseUpload: (purpose) => refusal(problemUploadRefusal(p, who, purpose), `${purpose} files cannot be added to this ${p.state} problem by you`),
      refuseDelete: (file) => refusal(problemDeleteRefusal(p, who, { uploadedBy: file.uploadedBy, purpose: file.purpose as FilePurpose }), `this file of a ${p.state} problem cannot be removed by you`),
    };
  },
};

/** A progress report's files are kept under `projectId:YYYY-MM`. */
function progressEntityId(projectId: string, month: string): string {
  return `${projectId}:${month}`;
}

const progressFiles: FilePolicy = {
  purposes: ['photo', 'attachment'],
  async load(tx, actor, entityId): Promise<FileEntity | undefined> {
    authorize(actor, 'project.read');
    const [projectId = '', month = ''] = entityId.split(':');
    const project = await selectProjectRow(tx, projectId, ownEntityScope(actor));
    if (project === undefined || (await selectProgressReport(tx, projectId, month)) === undefined) {
      return undefined;
    }
    const who = fileActor(actor);
    return {
      regionCode: project.regionCode,
      refuseUpload: () => refusal(progressUploadRefusal(who), 'progress report files need project.write'),
      refuseDelete: (file) => refusal(progressDeleteRefusal(who, file), 'only the uploader or a project maintainer removes this file'),
    };
  },
};

/** The policies the file routes (download, delete) apply, by entity type. */
export const PROJECT_FILE_POLICIES: FilePolicies = { [PROBLEM]: problemFiles, [PROGRESS_REPORT]: progressFiles };

/** Attaches a file to a problem: an attachment (reporter, dispatcher) or feedback evidence (the handler). */
export async function attachToProblem(ctx: AppContext, actor: Actor, problemId: string, purpose: 'attachment' | 'evidence', upload: Upload): Promise<FileMeta> {
  return uploadFile(ctx, actor, { entityType: PROBLEM, entityId: problemId, policy: problemFiles, purpose, ...upload });
}

/** A problem's attachments and evidence. */
export async function problemFileList(ctx: AppContext, actor: Actor, problemId: string): Promise<EntityFiles> {
  return listFiles(ctx, actor, { entityType: PROBLEM, entityId: problemId, policy: problemFiles });
}

/** Attaches a photo or a document to a project's monthly progress report (which must exist). */
export async function attachToProgressReport(ctx: AppContext, actor: Actor, projectId: string, month: string, purpose: 'photo' | 'attachment', upload: Upload): Promise<FileMeta> {
  return uploadFile(ctx, actor, { entityType: PROGRESS_REPORT, entityId: progressEntityId(projectId, month), policy: progressFiles, purpose, ...upload });
}

/** The photos and attachments of a monthly progress report. */
export async function progressFileList(ctx: AppContext, actor: Actor, projectId: string, month: string): Promise<EntityFiles> {
  return listFiles(ctx, actor, { entityType: PROGRESS_REPORT, entityId: progressEntityId(projectId, month), policy: progressFiles });
}
