import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../platform/calendar/working-days';
import { procedureDaysOverdue, procedureDeadline, procedureIssue, procedureOverdue, type ProcedureFacts } from './procedure-rules';

const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });
const facts = (over: Partial<ProcedureFacts> = {}): ProcedureFacts => ({ status: 'in_progress', appliedOn: '2026-09-29', approvedOn: null, limitWorkdays: 3, ...over });

describe('procedure deadline', () => {
  it('counts working days after the application, skipping the National Day holiday', () => {
    // 09-30 is day 1; 10-01…10-07 are the holiday; 10-08 and 10-09 are days 2 and 3.
    expect(procedureDeadline(facts(), calendar)).toBe('2026-10-09');
  });

  it('counts an adjusted working Saturday (2026-10-10) as a working day', () => {
    expect(procedureDeadline(facts({ limitWorkdays: 4 }), calendar)).toBe('2026-10-10');
  });

  it('is null without an application date or a limit', () => {
    expect(procedureDeadline(facts({ appliedOn: null }), calendar)).toBeNull();
    expect(procedureDeadline(facts({ limitWorkdays: null }), calendar)).toBeNull();
  });
});

describe('overdue', () => {
  it('is overdue the day after the deadline, not on it', () => {
    expect(procedureOverdue('in_progress', '2026-10-09', '2026-10-09')).toBe(false);
    expect(procedureOverdue('in_progress', '2026-10-09', '2026-10-10')).toBe(true);
    expect(procedureOverdue('not_started', '2026-10-09', '2026-10-10')).toBe(true);
  });

  it('is never overdue once approved or without a deadline', () => {
    expect(procedureOverdue('approved', '2026-10-09', '2026-11-27')).toBe(false);
    expect(procedureOverdue('in_progress', null, '2026-11-27')).toBe(false);
  });

  it('counts working days past the deadline', () => {
    expect(procedureDaysOverdue('in_progress', '2026-11-20', '2026-11-27', calendar)).toBe(5);
    expect(procedureDaysOverdue('approved', '2026-11-20', '2026-11-27', calendar)).toBe(0);
    expect(procedureDaysOverdue('in_progress', '2026-11-27', '2026-11-27', calendar)).toBe(0);
  });
});

describe('consistency', () => {
  const today = '2026-11-27';
  it('accepts consistent facts', () => {
    expect(procedureIssue(facts(), today)).toBeNull();
    expect(procedureIssue(facts({ status: 'not_started', appliedOn: null }), today)).toBeNull();
    expect(procedureIssue(facts({ status: 'approved', approvedOn: '2026-10-08' }), today)).toBeNull();
  });

  it('names the field at fault', () => {
    expect(procedureIssue(facts({ appliedOn: '2026-11-30' }), today)?.field).toBe('appliedOn');
    expect(procedureIssue(facts({ appliedOn: null }), today)?.field).toBe('appliedOn');
    expect(procedureIssue(facts({ status: 'approved' }), today)?.field).toBe('approvedOn');
    expect(procedureIssue(facts({ approvedOn: '2026-10-08' }), today)?.field).toBe('approvedOn');
    expect(procedureIssue(facts({ status: 'approved', approvedOn: '2026-09-28' }), today)?.field).toBe('approvedOn');
  });
});
