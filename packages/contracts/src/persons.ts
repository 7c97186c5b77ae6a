import { z } from 'zod';
import { IdSchema, PageQuerySchema, RegionCodeSchema, pageOf } from './common';

export const PersonSchema = z.object({
  id: IdSchema,
  name: z.string(),
  regionCode: z.string(),
  nationalId: z.string().describe('masked unless revealed with pii.read'),
  phone: z.string().nullable(),
  masked: z.boolean(),
  version: z.number().int(),
});
export type Person = z.infer<typeof PersonSchema>;
export const PersonPageSchema = pageOf(PersonSchema);
export const PersonListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe('name prefix, or an exact national ID / phone number'),
});
export const PersonCreateBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  nationalId: z.string().trim().min(15).max(20),
  phone: z.string().trim().max(30).optional(),
  regionCode: RegionCodeSchema,
});
export const RevealBodySchema = z.object({ reason: z.string().trim().min(4).max(500) });
