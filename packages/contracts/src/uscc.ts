import { z } from 'zod';

export const UsccValidateBodySchema = z.object({ code: z.string().max(64) });
export const UsccKindSchema = z.enum(['enterprise', 'individual_business', 'farmers_cooperative', 'other']);
export const UsccValidationSchema = z.object({
  valid: z.boolean(),
  formOk: z.boolean(),
  checkOk: z.boolean(),
  expectedCheck: z.string().optional(),
  kind: UsccKindSchema.optional(),
  registeringRegion: z.string().optional(),
});
