import { z } from 'zod';
import { ReferenceCodeSchema } from './common';
import { DEFAULT_DEADLINE_DAYS, PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS, PROBLEM_SEVERITIES } from './problems';
import { PROCEDURE_KIND_LABELS, PROCEDURE_KINDS } from './project-parts';
import { PROJECT_SECTOR_LABELS, PROJECT_SECTORS } from './projects';

type Label = { zh: string; en: string };

/**
 * The administrator-maintained lists (可配置列表). Each starts with the built-in codes below; an
 * administrator renames, reorders, adds and deactivates items. Rows keep the code, so a
 * deactivated item still labels old rows but is no longer offered or accepted for new ones.
 */
export const REFERENCE_LISTS = ['project_sector', 'problem_category', 'procedure_kind'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];
export const ReferenceListSchema = z.enum(REFERENCE_LISTS);
export const REFERENCE_LIST_LABELS: Record<ReferenceList, Label> = {
  project_sector: { zh: '项目行业领域', en: 'Project sectors' },
  problem_category: { zh: '问题类别', en: 'Problem categories' },
  procedure_kind: { zh: '手续类型', en: 'Procedure kinds' },
};

export { ReferenceCodeSchema };

function builtins<K extends string>(codes: readonly K[], labels: Record<K, Label>) {
  return codes.map((code, i) => ({ code, nameZh: labels[code].zh, nameEn: labels[code].en, sort: (i + 1) * 10 }));
}

/** The items each list ships with (upserted at every start; labels edited later are kept). */
export const BUILTIN_REFERENCE_ITEMS: Record<ReferenceList, ReadonlyArray<{ code: string; nameZh: string; nameEn: string; sort: number }>> = {
  project_sector: builtins(PROJECT_SECTORS, PROJECT_SECTOR_LABELS),
  problem_category: builtins(PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS),
  procedure_kind: builtins(PROCEDURE_KINDS, PROCEDURE_KIND_LABELS),
};

export const ReferenceItemSchema = z.object({
  list: ReferenceListSchema,
  code: ReferenceCodeSchema,
  nameZh: z.string(),
  nameEn: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
  builtin: z.boolean(),
  version: z.number().int(),
});
export type ReferenceItem = z.infer<typeof ReferenceItemSchema>;

export const DeadlineDaysSchema = z.object(
  Object.fromEntries(PROBLEM_SEVERITIES.map((s) => [s, z.number().int().min(1).max(60)])) as Record<(typeof PROBLEM_SEVERITIES)[number], z.ZodNumber>,
);
export type DeadlineDays = z.infer<typeof DeadlineDaysSchema>;
export { DEFAULT_DEADLINE_DAYS };

/** Every list with its items (inactive ones too, flagged), and the problem deadlines by severity. */
export const ReferenceDataSchema = z.object({
  lists: z.object(Object.fromEntries(REFERENCE_LISTS.map((l) => [l, z.array(ReferenceItemSchema)])) as Record<ReferenceList, z.ZodArray<typeof ReferenceItemSchema>>),
  problemDeadlineDays: DeadlineDaysSchema,
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

const NameSchema = z.string().trim().min(1).max(40);
/** Create or change one item; `version` is required to change an existing one. */
export const ReferenceItemPutBodySchema = z.object({
  nameZh: NameSchema,
  nameEn: NameSchema,
  sort: z.number().int().min(0).max(10_000),
  active: z.boolean(),
  version: z.number().int().min(1).optional(),
});
export type ReferenceItemPutBody = z.infer<typeof ReferenceItemPutBodySchema>;

export const DeadlineDaysPutBodySchema = DeadlineDaysSchema;
