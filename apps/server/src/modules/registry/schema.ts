import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from '../../platform/db/schema';

// The market-entity registry (市场主体) and persons. All regional: RLS in migration 0001.

export const marketEntities = pgTable(
  'market_entities',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['enterprise', 'individual_business', 'farmers_cooperative'] }).notNull(),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    industrySection: text('industry_section').notNull(),
    sizeClass: text('size_class', { enum: ['large', 'medium', 'small', 'micro'] }).notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    usccOverrideReason: text('uscc_override_reason'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('market_entities_uscc_uq').on(t.uscc),
    index('market_entities_region_idx').on(t.regionCode),
    index('market_entities_name_idx').on(t.name),
  ],
);

export const entityHeadcounts = pgTable(
  'entity_headcounts',
  {
    entityId: text('entity_id').notNull().references(() => marketEntities.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    regionCode: text('region_code').notNull(),
    pensionContributors: integer('pension_contributors').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.month] })],
);

export const entityPaymentRecords = pgTable(
  'entity_payment_records',
  {
    entityId: text('entity_id').notNull().references(() => marketEntities.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    regionCode: text('region_code').notNull(),
    wages: text('wages', { enum: ['on_time', 'late', 'unpaid'] }).notNull(),
    socialInsurance: text('social_insurance', { enum: ['on_time', 'late', 'unpaid'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.month] })],
);

export const persons = pgTable(
  'persons',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    name: text('name').notNull(),
    nationalIdEnc: text('national_id_enc').notNull(),
    nationalIdHash: text('national_id_hash').notNull(),
    nationalIdMasked: text('national_id_masked').notNull(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('persons_national_id_uq').on(t.nationalIdHash),
    index('persons_phone_idx').on(t.phoneHash),
    index('persons_region_idx').on(t.regionCode),
  ],
);
