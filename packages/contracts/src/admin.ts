import { z } from 'zod';
import { IdSchema, PageQuerySchema, RegionCodeSchema, pageOf } from './common';
import { PERMISSIONS } from './permissions';

export const RegionSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(['province', 'city', 'district', 'county', 'county_city', 'zone']),
  parentCode: z.string().nullable(),
  retired: z.boolean(),
});
export const RegionListSchema = z.object({ items: z.array(RegionSchema) });

export const ORG_KINDS = ['agency', 'bank', 'bank_branch', 'enterprise', 'individual_business', 'research_institute', 'university'] as const;
export const OrgKindSchema = z.enum(ORG_KINDS);
export const OrganizationSchema = z.object({
  id: IdSchema,
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: OrgKindSchema,
  agencyType: z.string().nullable(),
  regionCode: z.string(),
  parentId: z.string().nullable(),
  uscc: z.string().nullable(),
  /** The unit's leader (单位负责人), a user of this organization: told when the unit's problems become overdue. */
  leaderUserId: z.string().nullable(),
  version: z.number().int(),
});
export const OrganizationPageSchema = pageOf(OrganizationSchema);
export const OrgListQuerySchema = PageQuerySchema.extend({ q: z.string().trim().max(100).optional(), kind: OrgKindSchema.optional() });
export const OrgCreateBodySchema = z.object({
  name: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().max(200).nullable().default(null),
  kind: OrgKindSchema,
  agencyType: z.string().trim().max(50).nullable().default(null),
  regionCode: RegionCodeSchema,
  parentId: IdSchema.nullable().default(null),
  uscc: z.string().trim().toUpperCase().max(18).nullable().default(null),
  leaderUserId: IdSchema.nullable().default(null),
});
export const OrgPatchBodySchema = OrgCreateBodySchema.partial().extend({ version: z.number().int().min(1) });

export const RoleSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  builtin: z.boolean(),
});
export const RoleListSchema = z.object({ items: z.array(RoleSchema) });
export const RoleUpsertBodySchema = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{2,40}$/),
  nameZh: z.string().trim().min(2).max(50),
  nameEn: z.string().trim().min(2).max(80),
  permissions: z.array(z.enum(PERMISSIONS)).min(1),
});

export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  jurisdictionCode: z.string(),
  roles: z.array(z.string()),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  version: z.number().int(),
});
export const UserPageSchema = pageOf(UserSchema);
export const UserListQuerySchema = PageQuerySchema.extend({ q: z.string().trim().max(100).optional() });
export const UserCreateBodySchema = z.object({
  username: z.string().trim().regex(/^[a-z][a-z0-9._-]{2,40}$/),
  displayName: z.string().trim().min(1).max(50),
  organizationId: IdSchema,
  jurisdictionCode: RegionCodeSchema,
  roles: z.array(z.string()).min(1),
  password: z.string().min(1).max(256),
});
export const UserPatchBodySchema = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  organizationId: IdSchema.optional(),
  jurisdictionCode: RegionCodeSchema.optional(),
  roles: z.array(z.string()).min(1).optional(),
  disabled: z.boolean().optional(),
  version: z.number().int().min(1),
});
export const PasswordResetBodySchema = z.object({ password: z.string().min(1).max(256) });

export const AuditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export const AuditPageSchema = pageOf(AuditRecordSchema);
export const AuditListQuerySchema = PageQuerySchema.extend({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});
export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  brokenAtSeq: z.number().int().optional(),
  reason: z.string().optional(),
  checkedAt: z.string(),
});
