import { z } from 'zod';
import { PERMISSIONS } from './permissions';

export const LoginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const LocaleSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

export const MeSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), locale: LocaleSchema }),
  organization: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() }),
  roles: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  permissions: z.array(z.enum(PERMISSIONS)),
  jurisdiction: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  csrfToken: z.string(),
  fakeNow: z.string().nullable().describe('the fixed clock instant when the server runs with ZQ_FAKE_NOW'),
});
export type Me = z.infer<typeof MeSchema>;

export const PreferencesBodySchema = z.object({ locale: LocaleSchema });
