import type { FilePurpose } from '@zhengqi/contracts/files';
import { TERMINAL_PROBLEM_STATES, type ProblemState } from '@zhengqi/contracts/problems';
import { isParty, type ProblemActor, type ProblemFacts } from './problem-flow';

// Who may add or remove the files of a problem or a monthly progress report, and when. Pure: the
// service loads the facts and turns a refusal into the error.

export type FileRefusal = 'FORBIDDEN' | 'ACTION_NOT_ALLOWED';
export type ProblemFileFacts = Pick<ProblemFacts, 'state' | 'reporterId' | 'handlerId' | 'unitId'>;
export type FileActor = Pick<ProblemActor, 'userId' | 'unitIds' | 'permissions'>;

/** The states in which the handler feeds back, so the states in which evidence is added. */
const EVIDENCE_STATES: readonly ProblemState[] = ['in_progress', 'feedback_submitted'];

/**
 * Attachments: the reporter or any dispatcher while the problem is open. Evidence: the assigned
 * handler (or a member of the assigned unit) while in progress or fed back. Closed and rejected
 * problems are read-only for everyone (409, like any action on them).
 */
export function problemUploadRefusal(p: ProblemFileFacts, actor: FileActor, purpose: FilePurpose): FileRefusal | null {
  if (TERMINAL_PROBLEM_STATES.includes(p.state)) {
    return 'ACTION_NOT_ALLOWED';
  }
  switch (purpose) {
    case 'attachment': {
      const reporter = isParty(p, actor, 'reporter') && actor.permissions.has('problem.report');
      return reporter || actor.permissions.has('problem.dispatch') ? null : 'FORBIDDEN';
    }
    case 'evidence':
      if (!EVIDENCE_STATES.includes(p.state)) {
        return 'ACTION_NOT_ALLOWED';
      }
      return actor.permissions.has('problem.handle') && isParty(p, actor, 'handler') ? null : 'FORBIDDEN';
    case 'photo':
      return 'FORBIDDEN';
  }
}

/**
 * A dispatcher removes any file of an open problem; the uploader removes their own while they
 * could still add it (evidence stays once the reporter has confirmed it); nobody touches a closed one.
 */
export function problemDeleteRefusal(p: ProblemFileFacts, actor: FileActor, file: { uploadedBy: string; purpose: FilePurpose }): FileRefusal | null {
  if (TERMINAL_PROBLEM_STATES.includes(p.state)) {
    return 'ACTION_NOT_ALLOWED';
  }
  if (actor.permissions.has('problem.dispatch')) {
    return null;
  }
  return file.uploadedBy === actor.userId ? problemUploadRefusal(p, actor, file.purpose) : 'FORBIDDEN';
}

/** Photos and attachments of a monthly progress report: whoever maintains the project registry. */
export function progressUploadRefusal(actor: FileActor): FileRefusal | null {
  return actor.permissions.has('project.write') ? null : 'FORBIDDEN';
}

/** The uploader or whoever maintains the project registry. */
export function progressDeleteRefusal(actor: FileActor, file: { uploadedBy: string }): FileRefusal | null {
  return file.uploadedBy === actor.userId || actor.permissions.has('project.write') ? null : 'FORBIDDEN';
}
