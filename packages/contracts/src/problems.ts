import { z } from 'zod';
import { IdSchema, ReferenceCodeSchema } from './common';

type Label = { zh: string; en: string };

/** Problem states (DOMAIN.md "Key projects"); `closed` and `rejected` are terminal. */
export const PROBLEM_STATES = ['collected', 'assigned', 'in_progress', 'feedback_submitted', 'awaiting_closure', 'closed', 'rejected'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];
export const ProblemStateSchema = z.enum(PROBLEM_STATES);
export const PROBLEM_STATE_LABELS: Record<ProblemState, Label> = {
  collected: { zh: '已收集', en: 'Collected' },
  assigned: { zh: '已交办', en: 'Assigned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  feedback_submitted: { zh: '已反馈', en: 'Feedback submitted' },
  awaiting_closure: { zh: '待销号', en: 'Awaiting closure' },
  closed: { zh: '已销号', en: 'Closed' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};
export const TERMINAL_PROBLEM_STATES: readonly ProblemState[] = ['closed', 'rejected'];

export const PROBLEM_SEVERITIES = ['general', 'major', 'critical'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];
export const ProblemSeveritySchema = z.enum(PROBLEM_SEVERITIES);
export const PROBLEM_SEVERITY_LABELS: Record<ProblemSeverity, Label> = {
  general: { zh: '一般', en: 'General' },
  major: { zh: '较大', en: 'Major' },
  critical: { zh: '重大', en: 'Critical' },
};
/** Working days from assignment to the deadline, by severity (DOMAIN.md default; configurable). */
export const DEFAULT_DEADLINE_DAYS: Record<ProblemSeverity, number> = { general: 5, major: 10, critical: 15 };

/** The categories the configurable list starts with. */
export const PROBLEM_CATEGORIES = ['land', 'funds', 'permits', 'utilities', 'demolition', 'financing', 'other'] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
/** A category: a code of the configurable `problem_category` list, which starts with PROBLEM_CATEGORIES. */
export const ProblemCategorySchema = ReferenceCodeSchema;
export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, Label> = {
  land: { zh: '用地', en: 'Land' },
  funds: { zh: '资金', en: 'Funds' },
  permits: { zh: '手续', en: 'Approvals and permits' },
  utilities: { zh: '水电气暖', en: 'Water, power, gas and heating' },
  demolition: { zh: '征迁', en: 'Land acquisition and demolition' },
  financing: { zh: '融资', en: 'Financing' },
  other: { zh: '其他', en: 'Other' },
};

export const PROBLEM_ACTIONS = [
  'assign',
  'reassign',
  'accept',
  'return',
  'request_extension',
  'decide_extension',
  'record_progress',
  'feedback',
  'confirm',
  'close',
  'reject',
] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];
export const ProblemActionSchema = z.enum(PROBLEM_ACTIONS);
export const PROBLEM_ACTION_LABELS: Record<ProblemAction, Label> = {
  assign: { zh: '交办', en: 'Assign' },
  reassign: { zh: '改派', en: 'Reassign' },
  accept: { zh: '签收', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  request_extension: { zh: '申请延期', en: 'Request an extension' },
  decide_extension: { zh: '审批延期', en: 'Decide the extension' },
  record_progress: { zh: '记录进展', en: 'Record progress' },
  feedback: { zh: '反馈结果', en: 'Submit feedback' },
  confirm: { zh: '确认', en: 'Confirm' },
  close: { zh: '销号', en: 'Close' },
  reject: { zh: '驳回', en: 'Reject' },
};
/** The URL segment of each action: `POST /api/v1/problems/:id/{segment}`. */
export const PROBLEM_ACTION_PATHS: Record<ProblemAction, string> = {
  assign: 'assign',
  reassign: 'reassign',
  accept: 'accept',
  return: 'return',
  request_extension: 'request-extension',
  decide_extension: 'decide-extension',
  record_progress: 'record-progress',
  feedback: 'feedback',
  confirm: 'confirm',
  close: 'close',
  reject: 'reject',
};

/** Permissions of the problem loop (the role catalogue in permissions.ts adopts these). */
export const PROBLEM_PERMISSIONS = ['problem.read', 'problem.report', 'problem.dispatch', 'problem.handle'] as const;
export type ProblemPermission = (typeof PROBLEM_PERMISSIONS)[number];

/** Who must be acting: any dispatcher, the assigned handler (or a member of the assigned unit), the problem's reporter. */
export type ProblemParty = 'dispatcher' | 'handler' | 'reporter';
/** Named guards beyond the state: one extension request ever; a decision only while one is pending. */
export type ProblemGuard = 'no_extension_yet' | 'extension_pending';
export type ProblemTransition = {
  from: ProblemState;
  action: ProblemAction;
  /** `same`: the state does not change; `by_outcome`: see CONFIRM_OUTCOMES. */
  to: ProblemState | 'same' | 'by_outcome';
  permission: ProblemPermission;
  party: ProblemParty;
  guard?: ProblemGuard;
};

/** The transition table, read by the server to apply actions and by the web to offer them. */
export const PROBLEM_TRANSITIONS: ReadonlyArray<ProblemTransition> = [
  { from: 'collected', action: 'assign', to: 'assigned', permission: 'problem.dispatch', party: 'dispatcher' },
  { from: 'assigned', action: 'reassign', to: 'assigned', permission: 'problem.dispatch', party: 'dispatcher' },
  { from: 'in_progress', action: 'reassign', to: 'assigned', permission: 'problem.dispatch', party: 'dispatcher' },
  { from: 'assigned', action: 'accept', to: 'in_progress', permission: 'problem.handle', party: 'handler' },
  { from: 'assigned', action: 'return', to: 'collected', permission: 'problem.handle', party: 'handler' },
  { from: 'in_progress', action: 'request_extension', to: 'same', permission: 'problem.handle', party: 'handler', guard: 'no_extension_yet' },
  { from: 'in_progress', action: 'decide_extension', to: 'same', permission: 'problem.dispatch', party: 'dispatcher', guard: 'extension_pending' },
  { from: 'in_progress', action: 'record_progress', to: 'same', permission: 'problem.handle', party: 'handler' },
  { from: 'in_progress', action: 'feedback', to: 'feedback_submitted', permission: 'problem.handle', party: 'handler' },
  { from: 'feedback_submitted', action: 'confirm', to: 'by_outcome', permission: 'problem.report', party: 'reporter' },
  { from: 'awaiting_closure', action: 'close', to: 'closed', permission: 'problem.dispatch', party: 'dispatcher' },
  { from: 'collected', action: 'reject', to: 'rejected', permission: 'problem.dispatch', party: 'dispatcher' },
  { from: 'assigned', action: 'reject', to: 'rejected', permission: 'problem.dispatch', party: 'dispatcher' },
];

/** Where `confirm` leads: satisfied → awaiting closure; not satisfied → back to in progress (a reopening). */
export const CONFIRM_OUTCOMES = { satisfied: 'awaiting_closure', notSatisfied: 'in_progress' } as const satisfies Record<string, ProblemState>;

// ---------------------------------------------------------------------------------------------
// Request bodies. Each action may carry the `version` it acted on; a stale one is a 409.

const VersionField = z.number().int().min(1).optional();
const ReasonSchema = z.string().trim().min(2).max(500);
const TextSchema = z.string().trim().min(1).max(2000);
export const EXTENSION_MAX_WORKDAYS = 30;

export const ProblemCreateBodySchema = z.object({
  projectId: IdSchema,
  category: ProblemCategorySchema,
  severity: ProblemSeveritySchema,
  title: z.string().trim().min(2).max(100),
  description: TextSchema,
});
export type ProblemCreateBody = z.infer<typeof ProblemCreateBodySchema>;

export const AssignBodySchema = z.object({
  unitId: IdSchema,
  handlerId: IdSchema,
  coUnitIds: z.array(IdSchema).max(20).optional(),
  version: VersionField,
});
export type AssignBody = z.infer<typeof AssignBodySchema>;

export const ReassignBodySchema = AssignBodySchema.extend({ reason: ReasonSchema.optional() });
export type ReassignBody = z.infer<typeof ReassignBodySchema>;

export const AcceptBodySchema = z.object({ version: VersionField });
export type AcceptBody = z.infer<typeof AcceptBodySchema>;

export const ReturnBodySchema = z.object({ reason: ReasonSchema, version: VersionField });
export type ReturnBody = z.infer<typeof ReturnBodySchema>;

export const RequestExtensionBodySchema = z.object({
  workdays: z.number().int().min(1).max(EXTENSION_MAX_WORKDAYS),
  reason: ReasonSchema,
  version: VersionField,
});
export type RequestExtensionBody = z.infer<typeof RequestExtensionBodySchema>;

export const DecideExtensionBodySchema = z.object({ approved: z.boolean(), reason: ReasonSchema.optional(), version: VersionField });
export type DecideExtensionBody = z.infer<typeof DecideExtensionBodySchema>;

export const RecordProgressBodySchema = z.object({ note: TextSchema, version: VersionField });
export type RecordProgressBody = z.infer<typeof RecordProgressBodySchema>;

export const FeedbackBodySchema = z.object({ result: TextSchema, version: VersionField });
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

export const ConfirmBodySchema = z
  .object({ satisfied: z.boolean(), reason: ReasonSchema.optional(), version: VersionField })
  .refine((b) => b.satisfied || b.reason !== undefined, { path: ['reason'], message: 'a reason is required when not satisfied' });
export type ConfirmBody = z.infer<typeof ConfirmBodySchema>;

export const CloseBodySchema = z.object({ note: TextSchema, version: VersionField });
export type CloseBody = z.infer<typeof CloseBodySchema>;

export const RejectBodySchema = z.object({ reason: ReasonSchema, version: VersionField });
export type RejectBody = z.infer<typeof RejectBodySchema>;

/** The body each action takes, by action. */
export const PROBLEM_ACTION_BODY_SCHEMAS = {
  assign: AssignBodySchema,
  reassign: ReassignBodySchema,
  accept: AcceptBodySchema,
  return: ReturnBodySchema,
  request_extension: RequestExtensionBodySchema,
  decide_extension: DecideExtensionBodySchema,
  record_progress: RecordProgressBodySchema,
  feedback: FeedbackBodySchema,
  confirm: ConfirmBodySchema,
  close: CloseBodySchema,
  reject: RejectBodySchema,
} as const satisfies Record<ProblemAction, z.ZodType>;
export type ProblemActionInputs = { [A in ProblemAction]: z.infer<(typeof PROBLEM_ACTION_BODY_SCHEMAS)[A]> };
