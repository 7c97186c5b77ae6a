import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// Platform tables. Every regional table carries `region_code`; row-level security on it is
// declared in the hand-written migration 0001 (drizzle-kit does not generate policies here).

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull();

export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind', { enum: ['province', 'city', 'district', 'county', 'county_city', 'zone'] }).notNull(),
  parentCode: text('parent_code'),
  retired: boolean('retired').notNull().default(false),
});

export const organizations = pgTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    kind: text('kind', { enum: ['agency', 'bank', 'bank_branch', 'enterprise', 'individual_business', 'research_institute', 'university'] }).notNull(),
    agencyType: text('agency_type'),
    parentId: text('parent_id'),
    uscc: text('uscc'),
    /** The unit's leader (单位负责人): notified when a problem assigned to the unit becomes overdue. */
    leaderUserId: text('leader_user_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('organizations_region_idx').on(t.regionCode), index('organizations_name_idx').on(t.name)],
);

export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  permissions: text('permissions').array().notNull(),
  builtin: boolean('builtin').notNull().default(false),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    organizationId: text('organization_id').notNull().references(() => organizations.id),
    /** The user's jurisdiction; also the row's region for row-level security. */
    regionCode: text('region_code').notNull().references(() => regions.code),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_region_idx').on(t.regionCode)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    roleCode: text('role_code').notNull().references(() => roles.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleCode] })],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('sessions_token_uq').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/** The columns of an audit record, in the chain (audit_log) and waiting to be sealed (audit_pending). */
export function auditRecordColumns() {
  return {
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorUserId: text('actor_user_id'),
    actorOrgId: text('actor_org_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    regionCode: text('region_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  };
}

export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    ...auditRecordColumns(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorUserId),
  ],
);

/** One row: the head of the audit chain. Locking it serializes appends across processes. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey().default(1),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export const calendarOverrides = pgTable('calendar_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'working'] }).notNull(),
  name: text('name'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
});

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  loadedBy: text('loaded_by'),
  loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  note: text('note'),
});

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
});

/**
 * Administrator-maintained lists (sectors, problem categories, procedure kinds …): codes are stable
 * identifiers stored on rows; labels and order are data. A code in use is deactivated, never deleted.
 */
export const referenceItems = pgTable(
  'reference_items',
  {
    list: text('list').notNull(),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** Shipped with the product (the starting list); still editable and deactivatable. */
    builtin: boolean('builtin').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.list, t.code] })],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Attachments and photos, stored in the database with the row they belong to: one backup, one
 * transaction with the audit record, the same row-level security (decision 0011).
 */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    /** What the file belongs to: `problem`, `progress_report` (entity id `projectId:YYYY-MM`) … */
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** `attachment`, `photo`, `evidence` (feedback evidence). */
    purpose: text('purpose').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sm3: text('sm3').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('files_entity_idx').on(t.entityType, t.entityId)],
);
