import { z } from 'zod';
import { IdSchema, IsoDateSchema, ReferenceCodeSchema, RegionCodeSchema } from './common';

// Registry parts of a key project (issue 4): helping officials (帮包领导), the five responsible
// parties (五方责任主体, 建质〔2014〕124号) and procedures (手续) with working-day limits.

type Label = { zh: string; en: string };

export const HelpingOfficialSchema = z.object({
  id: IdSchema,
  /** The official's user account, when they have one. */
  userId: IdSchema.nullable(),
  name: z.string(),
  title: z.string(),
  /** Their role for this project, e.g. 包保领导 or 联系领导. */
  role: z.string(),
  since: IsoDateSchema,
});
export type HelpingOfficial = z.infer<typeof HelpingOfficialSchema>;

export const HelpingOfficialInputSchema = z.object({
  userId: IdSchema.nullable().optional(),
  name: z.string().trim().min(1).max(50),
  title: z.string().trim().min(1).max(100),
  role: z.string().trim().min(1).max(50),
  since: IsoDateSchema,
});
export const OfficialsPutBodySchema = z.object({
  officials: z.array(HelpingOfficialInputSchema).max(50),
  /** The project's current version; the list replaces the old one only if it still matches. */
  version: z.number().int().min(1),
});
export type OfficialsPutBody = z.infer<typeof OfficialsPutBodySchema>;
export const OfficialsSchema = z.object({ officials: z.array(HelpingOfficialSchema), version: z.number().int() });

export const PARTY_KINDS = ['construction', 'survey', 'design', 'contractor', 'supervisor'] as const;
export const PartyKindSchema = z.enum(PARTY_KINDS);
export type PartyKind = (typeof PARTY_KINDS)[number];
/** The unit and the title of its person answerable for quality for life. */
export const PARTY_KIND_LABELS: Record<PartyKind, Label & { personZh: string; personEn: string }> = {
  construction: { zh: '建设单位', en: 'Construction (owner) unit', personZh: '项目负责人', personEn: 'Project leader' },
  survey: { zh: '勘察单位', en: 'Survey unit', personZh: '项目负责人', personEn: 'Project leader' },
  design: { zh: '设计单位', en: 'Design unit', personZh: '项目负责人', personEn: 'Project leader' },
  contractor: { zh: '施工单位', en: 'Contractor', personZh: '项目经理', personEn: 'Project manager' },
  supervisor: { zh: '监理单位', en: 'Supervision unit', personZh: '总监理工程师', personEn: 'Chief supervising engineer' },
};

export const PartySchema = z.object({
  kind: PartyKindSchema,
  unitName: z.string(),
  uscc: z.string(),
  responsiblePerson: z.string(),
  licenceNumber: z.string(),
  /** Date of the letter of authorisation (授权书). */
  authorisedOn: IsoDateSchema.nullable(),
  /** Date of the lifetime-quality commitment (工程质量终身责任承诺书). */
  commitmentOn: IsoDateSchema.nullable(),
});
export type Party = z.infer<typeof PartySchema>;

export const PartyInputSchema = z.object({
  kind: PartyKindSchema,
  unitName: z.string().trim().min(2).max(200),
  /** Must have the GB 32100-2015 form (a check-character mismatch is accepted: the register is not the place to dispute it). */
  uscc: z.string().trim().max(64),
  responsiblePerson: z.string().trim().min(1).max(50),
  licenceNumber: z.string().trim().max(100).default(''),
  authorisedOn: IsoDateSchema.nullable().optional(),
  commitmentOn: IsoDateSchema.nullable().optional(),
});
export const PartiesPutBodySchema = z.object({
  /** At most one slot per kind; slots left out are cleared. */
  parties: z.array(PartyInputSchema).max(PARTY_KINDS.length),
  version: z.number().int().min(1),
});
export type PartiesPutBody = z.infer<typeof PartiesPutBodySchema>;
export const PartiesSchema = z.object({ parties: z.array(PartySchema), version: z.number().int() });

/**
 * The procedures a project goes through. Fixed here for now; making the list configurable
 * (an app_settings override) is left for later.
 */
export const PROCEDURE_KINDS = ['project_approval', 'land_use', 'planning_permit', 'construction_permit', 'environmental_assessment', 'energy_assessment'] as const;
/** A procedure kind: a code of the configurable `procedure_kind` list, which starts with PROCEDURE_KINDS. */
export const ProcedureKindSchema = ReferenceCodeSchema;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];
export const PROCEDURE_KIND_LABELS: Record<ProcedureKind, Label> = {
  project_approval: { zh: '立项', en: 'Project approval' },
  land_use: { zh: '用地', en: 'Land use' },
  planning_permit: { zh: '规划许可', en: 'Planning permit' },
  construction_permit: { zh: '施工许可', en: 'Construction permit' },
  environmental_assessment: { zh: '环评', en: 'Environmental assessment' },
  energy_assessment: { zh: '能评', en: 'Energy assessment' },
};

export const PROCEDURE_STATUSES = ['not_started', 'in_progress', 'approved'] as const;
export const ProcedureStatusSchema = z.enum(PROCEDURE_STATUSES);
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];
export const PROCEDURE_STATUS_LABELS: Record<ProcedureStatus, Label> = {
  not_started: { zh: '未启动', en: 'Not started' },
  in_progress: { zh: '办理中', en: 'In progress' },
  approved: { zh: '已批复', en: 'Approved' },
};

export const ProcedureSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  kind: ProcedureKindSchema,
  status: ProcedureStatusSchema,
  responsibleUnit: z.string(),
  appliedOn: IsoDateSchema.nullable(),
  approvedOn: IsoDateSchema.nullable(),
  /** Working days allowed from the application. */
  limitWorkdays: z.number().int().nullable(),
  /** `limitWorkdays` working days after `appliedOn`; null without both. */
  deadline: IsoDateSchema.nullable(),
  /** Past the deadline and not approved. */
  overdue: z.boolean(),
  /** Working days past the deadline; 0 when not overdue. */
  daysOverdue: z.number().int(),
  note: z.string(),
  version: z.number().int(),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

export const ProcedureCreateBodySchema = z.object({
  kind: ProcedureKindSchema,
  status: ProcedureStatusSchema.default('not_started'),
  responsibleUnit: z.string().trim().max(200).default(''),
  appliedOn: IsoDateSchema.nullable().optional(),
  approvedOn: IsoDateSchema.nullable().optional(),
  limitWorkdays: z.number().int().min(1).max(365).nullable().optional(),
  note: z.string().trim().max(2000).default(''),
});
export type ProcedureCreateBody = z.infer<typeof ProcedureCreateBodySchema>;

export const ProcedurePatchBodySchema = z
  .object({
    status: ProcedureStatusSchema.optional(),
    responsibleUnit: z.string().trim().max(200).optional(),
    appliedOn: IsoDateSchema.nullable().optional(),
    approvedOn: IsoDateSchema.nullable().optional(),
    limitWorkdays: z.number().int().min(1).max(365).nullable().optional(),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type ProcedurePatchBody = z.infer<typeof ProcedurePatchBodySchema>;

export const ProceduresSchema = z.object({ items: z.array(ProcedureSchema) });

export const OverdueProceduresQuerySchema = z.object({ region: RegionCodeSchema.optional() });
/** An overdue procedure with its project, for special supervision (手续办理专项督导). */
export const OverdueProcedureSchema = ProcedureSchema.extend({
  projectNumber: z.string(),
  projectName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
});
export const OverdueProceduresSchema = z.object({ total: z.number().int(), items: z.array(OverdueProcedureSchema) });
export type OverdueProcedures = z.infer<typeof OverdueProceduresSchema>;
