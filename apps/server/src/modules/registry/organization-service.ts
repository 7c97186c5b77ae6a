import type { ORG_KINDS } from '@zhengqi/contracts/admin';
import { and, asc, count, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../../platform/db/paging';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, authorizeRegion, scopeOf, type Actor } from '../../platform/authz/actor';
import type { Tx } from '../../platform/db/database';
import { organizations, users } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';

type OrgRow = typeof organizations.$inferSelect;
type OrgKind = (typeof ORG_KINDS)[number];
export type OrgInput = { name: string; nameEn: string | null; kind: OrgKind; agencyType: string | null; regionCode: string; parentId: string | null; uscc: string | null; leaderUserId: string | null };

const view = (o: OrgRow) => ({ id: o.id, name: o.name, nameEn: o.nameEn, kind: o.kind, agencyType: o.agencyType, regionCode: o.regionCode, parentId: o.parentId, uscc: o.uscc, leaderUserId: o.leaderUserId, version: o.version });

/** Organizations in the caller's jurisdiction. */
export async function listOrganizations(ctx: AppContext, actor: Actor, q: { q?: string; kind?: OrgKind; page: number; pageSize: number }) {
  authorize(actor, 'org.read');
  const conds: SQL[] = [];
  if (q.q !== undefined && q.q !== '') {
    conds.push(ilike(organizations.name, `%${q.q.replace(/[%_\\]/g, (x) => `\\${x}`)}%`));
  }
  if (q.kind !== undefined) {
    conds.push(eq(organizations.kind, q.kind));
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const { rows, total } = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const rows = await tx.select({ o: organizations, total: sql<number>`count(*) over ()` }).from(organizations).where(where)
      .orderBy(asc(organizations.regionCode), asc(organizations.name)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    return { rows, total: await pageTotal(rows, q.page, async () => (await tx.select({ n: count() }).from(organizations).where(where))[0]?.n) };
  });
  return { items: rows.map((r) => view(r.o)), total, page: q.page, pageSize: q.pageSize };
}

/** A leader must be a user of the organization itself (so a new organization gets one after its users). */
async function checkLeader(tx: Tx, orgId: string, leaderUserId: string | null | undefined): Promise<void> {
  if (leaderUserId === null || leaderUserId === undefined) {
    return;
  }
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, leaderUserId), eq(users.organizationId, orgId)));
  if (u === undefined) {
    throw new DomainError('VALIDATION_FAILED', { field: 'leaderUserId', detail: 'the leader must be a user of this organization' });
  }
}

/** Creates an organization inside the caller's jurisdiction. */
export async function createOrganization(ctx: AppContext, actor: Actor, input: OrgInput) {
  authorize(actor, 'org.write');
  if (ctx.regions.get(input.regionCode) === undefined) {
    throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
  }
  authorizeRegion(actor, input.regionCode);
  const now = ctx.clock.now();
  const row = { id: newId('org'), ...input, version: 1, createdAt: now, updatedAt: now };
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    await checkLeader(tx, row.id, row.leaderUserId);
    await tx.insert(organizations).values(row);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'org.created', entityType: 'organization', entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null });
  });
  return view(row);
}

/** Changes an organization if `version` is current. */
export async function updateOrganization(ctx: AppContext, actor: Actor, id: string, patch: Partial<OrgInput> & { version: number }) {
  authorize(actor, 'org.write');
  if (patch.regionCode !== undefined) {
    if (ctx.regions.get(patch.regionCode) === undefined) {
      throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
    }
    authorizeRegion(actor, patch.regionCode);
  }
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, id));
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const { version, ...fields } = patch;
    await checkLeader(tx, id, fields.leaderUserId);
    const now = ctx.clock.now();
    const [after] = await tx.update(organizations).set({ ...fields, version: version + 1, updatedAt: now }).where(and(eq(organizations.id, id), eq(organizations.version, version))).returning();
    if (after === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version' });
    }
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'org.updated', entityType: 'organization', entityId: id, regionCode: after.regionCode, before, after, requestId: actor.requestId ?? null });
    return view(after);
  });
}
