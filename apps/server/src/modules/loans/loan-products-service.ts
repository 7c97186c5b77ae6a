import type { DecisionTestBodySchema, LoanProductDetailSchema, LoanProductPutBodySchema, LoanProductSummarySchema } from '@zhengqi/contracts/loan-applications';
import { LoanProductVersionSchema, type EligibilityResult, type LoanProductVersion } from '@zhengqi/contracts/loans';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, scopeOf, type Actor } from '../../platform/authz/actor';
import type { Tx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors/domain-error';
import { LoanDecisionEngine } from './decision-engine';
import { selectVersion, STABLE_EMPLOYMENT_VERSIONS } from './product-versions';
import { loanProductVersions } from './schema';

let engine: LoanDecisionEngine | undefined;
/** One decision engine per process (compiled decisions are cached inside it). */
export function loanEngine(): LoanDecisionEngine {
  engine ??= new LoanDecisionEngine();
  return engine;
}

/** The shipped versions, added when missing (an administrator's later versions are kept). */
export async function insertShippedLoanProducts(tx: Tx, now: Date): Promise<void> {
  await tx
    .insert(loanProductVersions)
    .values(STABLE_EMPLOYMENT_VERSIONS.map((v) => ({ productCode: v.productCode, version: v.version, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo, status: 'published' as const, content: v, publishedAt: now, publishedBy: null, updatedAt: now })))
    .onConflictDoNothing();
}

/** The published versions of a product. */
export async function selectPublishedVersions(tx: Tx, productCode: string): Promise<LoanProductVersion[]> {
  const rows = await tx.select({ content: loanProductVersions.content }).from(loanProductVersions)
    .where(and(eq(loanProductVersions.productCode, productCode), eq(loanProductVersions.status, 'published')))
    .orderBy(asc(loanProductVersions.effectiveFrom));
  return rows.map((r) => r.content);
}

/** The published version of `productCode` in force on `date` (LOAN_PRODUCT_NOT_IN_FORCE otherwise). */
export async function versionInForce(tx: Tx, productCode: string, date: string): Promise<LoanProductVersion> {
  const versions = await selectPublishedVersions(tx, productCode);
  if (versions.length === 0) {
    throw new DomainError('NOT_FOUND', { field: 'productCode', detail: `no published product ${productCode}` });
  }
  return selectVersion(versions, date);
}

export async function selectProductVersion(tx: Tx, productCode: string, version: string) {
  const [r] = await tx.select().from(loanProductVersions).where(and(eq(loanProductVersions.productCode, productCode), eq(loanProductVersions.version, version)));
  return r;
}

type Summary = z.infer<typeof LoanProductSummarySchema>;
type Detail = z.infer<typeof LoanProductDetailSchema>;

/** Every product version, drafts included. */
export async function listProducts(ctx: AppContext, actor: Actor): Promise<{ items: Summary[] }> {
  authorize(actor, 'loan.read');
  const rows = await ctx.db.tx(scopeOf(actor), (tx) => tx.select().from(loanProductVersions).orderBy(asc(loanProductVersions.productCode), asc(loanProductVersions.effectiveFrom)));
  return {
    items: rows.map((r) => ({
      productCode: r.productCode, version: r.version, name: r.content.name, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, status: r.status,
      publishedAt: r.publishedAt?.toISOString() ?? null,
    })),
  };
}

export async function getProduct(ctx: AppContext, actor: Actor, productCode: string, version: string): Promise<Detail> {
  authorize(actor, 'loan.read');
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectProductVersion(tx, productCode, version));
  if (r === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'version' });
  }
  return { status: r.status, publishedAt: r.publishedAt?.toISOString() ?? null, product: r.content };
}

/** Creates a draft version or changes one; published versions are immutable. The graphs must compile. */
export async function putProduct(ctx: AppContext, actor: Actor, productCode: string, version: string, body: z.infer<typeof LoanProductPutBodySchema>): Promise<Detail> {
  authorize(actor, 'loan.product');
  const content = LoanProductVersionSchema.parse({ ...body, productCode, version });
  if (content.effectiveTo !== null && content.effectiveTo < content.effectiveFrom) {
    throw new DomainError('VALIDATION_FAILED', { field: 'effectiveTo', detail: 'ends before it starts' });
  }
  loanEngine().compile({ ...content, version: `${version}#draft` });
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectProductVersion(tx, productCode, version);
    if (before?.status === 'published') {
      throw new DomainError('PRODUCT_VERSION_PUBLISHED', { field: 'version' });
    }
    const row = { productCode, version, effectiveFrom: content.effectiveFrom, effectiveTo: content.effectiveTo, status: 'draft' as const, content, publishedAt: null, publishedBy: null, updatedAt: now };
    await tx.insert(loanProductVersions).values(row).onConflictDoUpdate({ target: [loanProductVersions.productCode, loanProductVersions.version], set: { effectiveFrom: row.effectiveFrom, effectiveTo: row.effectiveTo, content, updatedAt: now } });
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: before === undefined ? 'loan.product_drafted' : 'loan.product_changed',
      entityType: 'loan_product_version', entityId: `${productCode}@${version}`, regionCode: null, before: before?.content ?? null, after: content, requestId: actor.requestId ?? null,
    });
    return { status: 'draft' as const, publishedAt: null, product: content };
  });
}

/** Publishes a draft: from then on it decides applications dated in its effective period. */
export async function publishProduct(ctx: AppContext, actor: Actor, productCode: string, version: string): Promise<Detail> {
  authorize(actor, 'loan.product');
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectProductVersion(tx, productCode, version);
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'version' });
    }
    if (before.status === 'published') {
      throw new DomainError('PRODUCT_VERSION_PUBLISHED', { field: 'version' });
    }
    await tx.update(loanProductVersions).set({ status: 'published', publishedAt: now, publishedBy: actor.userId, updatedAt: now })
      .where(and(eq(loanProductVersions.productCode, productCode), eq(loanProductVersions.version, version)));
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'loan.product_published', entityType: 'loan_product_version',
      entityId: `${productCode}@${version}`, regionCode: null, before: { status: 'draft' }, after: { status: 'published' }, requestId: actor.requestId ?? null,
    });
    return { status: 'published' as const, publishedAt: now.toISOString(), product: before.content };
  });
}

/** The test panel: sample facts through a version's decisions, or through unsaved graphs given in the body. */
export async function testProduct(ctx: AppContext, actor: Actor, productCode: string, version: string, body: z.infer<typeof DecisionTestBodySchema>): Promise<EligibilityResult> {
  authorize(actor, 'loan.product');
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectProductVersion(tx, productCode, version));
  if (r === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'version' });
  }
  const trial: LoanProductVersion = {
    ...r.content,
    version: `${version}#test`,
    ...(body.eligibilityDecision === undefined ? {} : { eligibilityDecision: body.eligibilityDecision }),
    ...(body.pricingDecision === undefined ? {} : { pricingDecision: body.pricingDecision }),
  };
  const result = await loanEngine().evaluateEligibility(trial, body.facts, body.date, 'facts');
  return { ...result, productVersion: version };
}
