import type { InboxPage } from '@zhengqi/contracts/supervision';
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../modules/projects/schema';
import type { AppContext } from '../app-context';
import { scopeOf, type Actor } from '../authz/actor';
import { pageTotal } from '../db/paging';
import { DomainError } from '../errors/domain-error';

/** The caller's inbox: unread first, then newest first. */
export async function listInbox(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number }): Promise<InboxPage> {
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const mine = eq(notifications.userId, actor.userId);
    const rows = await tx
      .select({ n: notifications, total: sql<number>`count(*) over ()` })
      .from(notifications)
      .where(mine)
      .orderBy(asc(sql`${notifications.readAt} is not null`), desc(notifications.createdAt), asc(notifications.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const total = await pageTotal(rows, q.page, async () => (await tx.select({ n: count() }).from(notifications).where(mine))[0]?.n);
    const [unread] = await tx.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
    return {
      items: rows.map(({ n }) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
      total,
      unread: Number(unread?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  });
}

/** Marks one of the caller's notifications read (again is a no-op); another user's is NOT_FOUND. */
export async function markRead(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  const updated = await ctx.db.tx(scopeOf(actor), (tx) =>
    tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${now})` })
      .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)))
      .returning({ id: notifications.id }),
  );
  if (updated.length === 0) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
}
