import { z } from 'zod';
import { IdSchema, IsoDateSchema, MonthSchema, PageQuerySchema, RegionCodeSchema, pageOf } from './common';

export const ENTITY_KINDS = ['enterprise', 'individual_business', 'farmers_cooperative'] as const;
export const EntityKindSchema = z.enum(ENTITY_KINDS);
export const ENTITY_KIND_LABELS: Record<(typeof ENTITY_KINDS)[number], { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual_business: { zh: '个体工商户', en: 'Individual business' },
  farmers_cooperative: { zh: '农民专业合作社', en: "Farmers' cooperative" },
};

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export const SizeClassSchema = z.enum(SIZE_CLASSES);
export const SIZE_CLASS_LABELS: Record<(typeof SIZE_CLASSES)[number], { zh: string; en: string }> = {
  large: { zh: '大型', en: 'Large' },
  medium: { zh: '中型', en: 'Medium' },
  small: { zh: '小型', en: 'Small' },
  micro: { zh: '微型', en: 'Micro' },
};

/** GB/T 4754-2017 industry sections (门类). */
export const INDUSTRY_SECTIONS = {
  A: { zh: '农、林、牧、渔业', en: 'Agriculture, forestry, animal husbandry and fishery' },
  B: { zh: '采矿业', en: 'Mining' },
  C: { zh: '制造业', en: 'Manufacturing' },
  D: { zh: '电力、热力、燃气及水生产和供应业', en: 'Electricity, heat, gas and water' },
  E: { zh: '建筑业', en: 'Construction' },
  F: { zh: '批发和零售业', en: 'Wholesale and retail' },
  G: { zh: '交通运输、仓储和邮政业', en: 'Transport, storage and post' },
  H: { zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  I: { zh: '信息传输、软件和信息技术服务业', en: 'Information and software services' },
  J: { zh: '金融业', en: 'Finance' },
  K: { zh: '房地产业', en: 'Real estate' },
  L: { zh: '租赁和商务服务业', en: 'Leasing and business services' },
  M: { zh: '科学研究和技术服务业', en: 'Scientific research and technical services' },
  N: { zh: '水利、环境和公共设施管理业', en: 'Water, environment and public facilities' },
  O: { zh: '居民服务、修理和其他服务业', en: 'Residential, repair and other services' },
  P: { zh: '教育', en: 'Education' },
  Q: { zh: '卫生和社会工作', en: 'Health and social work' },
  R: { zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment' },
  S: { zh: '公共管理、社会保障和社会组织', en: 'Public administration and social organisations' },
  T: { zh: '国际组织', en: 'International organisations' },
} as const;
export type IndustrySection = keyof typeof INDUSTRY_SECTIONS;
export const IndustrySectionSchema = z.enum(Object.keys(INDUSTRY_SECTIONS) as [IndustrySection, ...IndustrySection[]]);

export const ENTITY_TAGS = {
  high_tech: { zh: '高新技术企业', en: 'High-tech enterprise' },
  specialized: { zh: '专精特新', en: 'Specialized and innovative SME' },
  little_giant: { zh: '小巨人', en: 'Little giant' },
  quality_employer: { zh: '稳岗扩岗优质企业', en: 'Quality job-stabilising employer' },
  tech_sme: { zh: '科技型中小企业', en: 'Technology-based SME' },
  demo: { zh: '演示数据', en: 'Demo data' },
} as const;
export type EntityTag = keyof typeof ENTITY_TAGS;
export const EntityTagSchema = z.enum(Object.keys(ENTITY_TAGS) as [EntityTag, ...EntityTag[]]);

export const PaymentStatusSchema = z.enum(['on_time', 'late', 'unpaid']);

export const EntitySummarySchema = z.object({
  id: IdSchema,
  uscc: z.string(),
  name: z.string(),
  kind: EntityKindSchema,
  regionCode: z.string(),
  regionName: z.string(),
  foundedOn: IsoDateSchema,
  industrySection: IndustrySectionSchema,
  sizeClass: SizeClassSchema,
  tags: z.array(EntityTagSchema),
  usccCheckOverridden: z.boolean(),
  latestHeadcount: z.number().int().nullable(),
  version: z.number().int(),
});
export type EntitySummary = z.infer<typeof EntitySummarySchema>;

export const HeadcountSchema = z.object({ month: MonthSchema, pensionContributors: z.number().int().min(0).max(10_000_000) });
export const PaymentRecordSchema = z.object({ month: MonthSchema, wages: PaymentStatusSchema, socialInsurance: PaymentStatusSchema });

export const EntityDetailSchema = EntitySummarySchema.extend({
  usccOverrideReason: z.string().nullable(),
  headcounts: z.array(HeadcountSchema),
  paymentRecords: z.array(PaymentRecordSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntityDetail = z.infer<typeof EntityDetailSchema>;

export const EntityListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  region: RegionCodeSchema.optional(),
  kind: EntityKindSchema.optional(),
  size: SizeClassSchema.optional(),
  tag: EntityTagSchema.optional(),
});
export const EntityPageSchema = pageOf(EntitySummarySchema);

const usccInput = z.string().trim().toUpperCase().max(64);
export const EntityCreateBodySchema = z.object({
  uscc: usccInput,
  name: z.string().trim().min(2).max(200),
  kind: EntityKindSchema,
  foundedOn: IsoDateSchema,
  regionCode: RegionCodeSchema,
  industrySection: IndustrySectionSchema,
  sizeClass: SizeClassSchema,
  tags: z.array(EntityTagSchema).max(20).default([]),
  /** Required (with the override permission) when the USCC's check character does not match. */
  usccOverrideReason: z.string().trim().min(4).max(500).optional(),
  headcounts: z.array(HeadcountSchema).max(600).optional(),
  paymentRecords: z.array(PaymentRecordSchema).max(600).optional(),
});
export type EntityCreateBody = z.infer<typeof EntityCreateBodySchema>;

export const EntityPatchBodySchema = EntityCreateBodySchema.omit({ uscc: true, usccOverrideReason: true })
  .partial()
  .extend({ version: z.number().int().min(1) });
export type EntityPatchBody = z.infer<typeof EntityPatchBodySchema>;

export const ImportModeSchema = z.enum(['validate', 'all', 'valid-only']);
export const ImportQuerySchema = z.object({ mode: ImportModeSchema.default('validate') });
export const ImportRowErrorSchema = z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string(), messageEn: z.string() });
export const ImportReportSchema = z.object({
  mode: ImportModeSchema,
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  imported: z.number().int(),
  errors: z.array(ImportRowErrorSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;
