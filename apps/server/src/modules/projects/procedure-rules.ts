import type { ProcedureStatus } from '@zhengqi/contracts/project-parts';

// Pure rules of project procedures (手续): the working-day deadline and when a procedure is overdue.

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
type IsoDate = string;

type Calendar = {
  addWorkingDays(from: IsoDate, n: number): { deadline: IsoDate };
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
};

export type ProcedureFacts = {
  status: ProcedureStatus;
  appliedOn: IsoDate | null;
  approvedOn: IsoDate | null;
  limitWorkdays: number | null;
};

/** `limitWorkdays` working days after the application (day 1 is the first working day after it); null without both. */
export function procedureDeadline(p: ProcedureFacts, calendar: Calendar): IsoDate | null {
  if (p.appliedOn === null || p.limitWorkdays === null) {
    return null;
  }
  return calendar.addWorkingDays(p.appliedOn, p.limitWorkdays).deadline;
}

/** Overdue: a deadline that has passed (today is after it) and no approval. */
export function procedureOverdue(status: ProcedureStatus, deadline: IsoDate | null, today: IsoDate): boolean {
  return status !== 'approved' && deadline !== null && today > deadline;
}

/** Working days past the deadline (0 when not overdue). */
export function procedureDaysOverdue(status: ProcedureStatus, deadline: IsoDate | null, today: IsoDate, calendar: Calendar): number {
  return deadline !== null && procedureOverdue(status, deadline, today) ? calendar.workingDaysBetween(deadline, today) : 0;
}

/** The first inconsistency in a procedure's facts as a field and reason, or null when they hold together. */
export function procedureIssue(p: ProcedureFacts, today: IsoDate): { field: string; detail: string } | null {
  if (p.appliedOn !== null && p.appliedOn > today) {
    return { field: 'appliedOn', detail: 'an application date cannot be in the future' };
  }
  if (p.status !== 'not_started' && p.appliedOn === null) {
    return { field: 'appliedOn', detail: 'a procedure in progress or approved needs its application date' };
  }
  if (p.status === 'approved' && p.approvedOn === null) {
    return { field: 'approvedOn', detail: 'an approved procedure needs its approval date' };
  }
  if (p.status !== 'approved' && p.approvedOn !== null) {
    return { field: 'approvedOn', detail: 'only an approved procedure has an approval date' };
  }
  if (p.approvedOn !== null && ((p.appliedOn !== null && p.approvedOn < p.appliedOn) || p.approvedOn > today)) {
    return { field: 'approvedOn', detail: 'approval before the application or in the future' };
  }
  return null;
}
