import { PROBLEM_STATES, type ProblemState } from '@zhengqi/contracts/problems';
import { describe, expect, it } from 'vitest';
import { problemDeleteRefusal, problemUploadRefusal, progressDeleteRefusal, progressUploadRefusal, type FileActor, type ProblemFileFacts } from './attachment-rules';

const problem = (state: ProblemState): ProblemFileFacts => ({ state, reporterId: 'usr_reporter', handlerId: 'usr_handler', unitId: 'org_unit' });
const reporter: FileActor = { userId: 'usr_reporter', unitIds: ['org_owner'], permissions: new Set(['problem.read', 'problem.report']) };
const otherReporter: FileActor = { ...reporter, userId: 'usr_other' };
const dispatcher: FileActor = { userId: 'usr_dispatcher', unitIds: ['org_ndrc'], permissions: new Set(['problem.read', 'problem.report', 'problem.dispatch', 'project.write']) };
const handler: FileActor = { userId: 'usr_handler', unitIds: ['org_unit'], permissions: new Set(['problem.read', 'problem.handle']) };
const colleague: FileActor = { userId: 'usr_colleague', unitIds: ['org_unit'], permissions: new Set(['problem.read', 'problem.handle']) };
const strangerHandler: FileActor = { userId: 'usr_stranger', unitIds: ['org_elsewhere'], permissions: new Set(['problem.read', 'problem.handle']) };

const open = PROBLEM_STATES.filter((s) => s !== 'closed' && s !== 'rejected');

describe('problem attachments', () => {
  it('the reporter and any dispatcher attach while the problem is open; nobody else', () => {
    for (const s of open) {
      expect(problemUploadRefusal(problem(s), reporter, 'attachment'), s).toBeNull();
      expect(problemUploadRefusal(problem(s), dispatcher, 'attachment'), s).toBeNull();
      expect(problemUploadRefusal(problem(s), otherReporter, 'attachment'), s).toBe('FORBIDDEN');
      expect(problemUploadRefusal(problem(s), handler, 'attachment'), s).toBe('FORBIDDEN');
    }
  });

  it('closed and rejected problems are read-only for everyone: 409, not 403', () => {
    for (const s of ['closed', 'rejected'] as const) {
      for (const actor of [reporter, dispatcher, handler, strangerHandler]) {
        expect(problemUploadRefusal(problem(s), actor, 'attachment')).toBe('ACTION_NOT_ALLOWED');
        expect(problemUploadRefusal(problem(s), actor, 'evidence')).toBe('ACTION_NOT_ALLOWED');
        expect(problemDeleteRefusal(problem(s), actor, { uploadedBy: actor.userId, purpose: 'attachment' })).toBe('ACTION_NOT_ALLOWED');
      }
    }
  });

  it('a reporter who lost the permission to report no longer attaches', () => {
    expect(problemUploadRefusal(problem('collected'), { ...reporter, permissions: new Set(['problem.read']) }, 'attachment')).toBe('FORBIDDEN');
  });

  it('photos belong to progress reports, not problems', () => {
    expect(problemUploadRefusal(problem('collected'), dispatcher, 'photo')).toBe('FORBIDDEN');
  });
});

describe('problem evidence', () => {
  it('the assigned handler or the assigned unit adds evidence while in progress or fed back', () => {
    for (const s of ['in_progress', 'feedback_submitted'] as const) {
      expect(problemUploadRefusal(problem(s), handler, 'evidence'), s).toBeNull();
      expect(problemUploadRefusal(problem(s), colleague, 'evidence'), s).toBeNull();
      expect(problemUploadRefusal(problem(s), strangerHandler, 'evidence'), s).toBe('FORBIDDEN');
      expect(problemUploadRefusal(problem(s), dispatcher, 'evidence'), s).toBe('FORBIDDEN');
      expect(problemUploadRefusal(problem(s), reporter, 'evidence'), s).toBe('FORBIDDEN');
    }
  });

  it('not before the handler accepted, nor after the reporter confirmed', () => {
    for (const s of ['collected', 'assigned', 'awaiting_closure'] as const) {
      expect(problemUploadRefusal(problem(s), handler, 'evidence'), s).toBe('ACTION_NOT_ALLOWED');
    }
  });
});

describe('removing a problem file', () => {
  it('a dispatcher removes any file of an open problem', () => {
    expect(problemDeleteRefusal(problem('awaiting_closure'), dispatcher, { uploadedBy: 'usr_handler', purpose: 'evidence' })).toBeNull();
  });

  it('the uploader removes their own while they could still add it; not someone else’s', () => {
    expect(problemDeleteRefusal(problem('in_progress'), handler, { uploadedBy: 'usr_handler', purpose: 'evidence' })).toBeNull();
    expect(problemDeleteRefusal(problem('awaiting_closure'), handler, { uploadedBy: 'usr_handler', purpose: 'evidence' })).toBe('ACTION_NOT_ALLOWED');
    expect(problemDeleteRefusal(problem('in_progress'), colleague, { uploadedBy: 'usr_handler', purpose: 'evidence' })).toBe('FORBIDDEN');
    expect(problemDeleteRefusal(problem('assigned'), reporter, { uploadedBy: 'usr_reporter', purpose: 'attachment' })).toBeNull();
    expect(problemDeleteRefusal(problem('assigned'), reporter, { uploadedBy: 'usr_dispatcher', purpose: 'attachment' })).toBe('FORBIDDEN');
  });
});

describe('progress report files', () => {
  it('project maintainers add them; the uploader or a maintainer removes them', () => {
    expect(progressUploadRefusal(dispatcher)).toBeNull();
    expect(progressUploadRefusal(reporter)).toBe('FORBIDDEN');
    expect(progressDeleteRefusal(dispatcher, { uploadedBy: 'usr_someone' })).toBeNull();
    expect(progressDeleteRefusal(reporter, { uploadedBy: 'usr_reporter' })).toBeNull();
    expect(progressDeleteRefusal(reporter, { uploadedBy: 'usr_someone' })).toBe('FORBIDDEN');
  });
});
