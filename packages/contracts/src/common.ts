import { z } from 'zod';
import { ERROR_CATALOG, type ErrorCode } from './errors';

/** RFC 9457 problem details with Zhengqi's stable code and bilingual message. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]]),
  message: z.string().describe('zh-CN message'),
  messageEn: z.string(),
  field: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), code: z.string(), message: z.string(), messageEn: z.string() }))
    .optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real date');
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const RegionCodeSchema = z.string().regex(/^(\d{6}|Z\d{5})$/, 'region code');
export const IdSchema = z.string().min(3).max(64).regex(/^[a-z]+_[0-9a-f]{32}$/, 'id');

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A page of results: `{ items, total }` plus the page echoed back. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const OkSchema = z.object({ ok: z.literal(true) });

/** A code from an administrator-maintained list (reference-lists.ts): lower-case letters, digits and _. */
export const ReferenceCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a code of lower-case letters, digits and _');
