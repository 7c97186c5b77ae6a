import type { Permission } from '@zhengqi/contracts/permissions';
import { DomainError } from '../errors/domain-error';

/** The authenticated caller of a use case. */
export type Actor = {
  userId: string;
  username: string;
  organizationId: string;
  /** The kind of the caller's organization (agency, bank, enterprise, …). */
  organizationKind?: string;
  /** The agency type of the caller's organization (hrss, ndrc, approval …), for agencies. */
  organizationAgencyType?: string | null;
  /** The caller organization's unified social credit code, when it has one. */
  organizationUscc?: string | null;
  jurisdictionCode: string;
  /** The jurisdiction's region and every region under it. */
  regions: readonly string[];
  permissions: ReadonlySet<Permission>;
  requestId?: string;
};

/** Throws FORBIDDEN unless the actor holds `permission`. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) {
    throw new DomainError('FORBIDDEN', { detail: `missing permission ${permission}` });
  }
}

/** Throws OUT_OF_JURISDICTION unless `regionCode` lies in the actor's jurisdiction. */
export function authorizeRegion(actor: Actor, regionCode: string, field = 'regionCode'): void {
  if (!actor.regions.includes(regionCode)) {
    throw new DomainError('OUT_OF_JURISDICTION', { field, detail: `${regionCode} is outside ${actor.jurisdictionCode}` });
  }
}

/** The transaction scope for a use case run by this actor. */
export function scopeOf(actor: Actor): { kind: 'user'; userId: string; regions: readonly string[] } {
  return { kind: 'user', userId: actor.userId, regions: actor.regions };
}

/** Organizations whose staff act for a market entity, not for the government or a bank. */
const MARKET_ENTITY_KINDS: ReadonlySet<string> = new Set(['enterprise', 'individual_business']);

/**
 * The data scope of a caller acting for a market entity: the USCC of that entity, whose own
 * projects, problems and loan applications are all it may see; undefined for government and bank
 * staff (their scope is the jurisdiction). An enterprise account without a USCC sees nothing.
 */
export function ownEntityScope(actor: Actor): string | undefined {
  if (actor.organizationKind === undefined || !MARKET_ENTITY_KINDS.has(actor.organizationKind)) {
    return undefined;
  }
  return actor.organizationUscc ?? '-';
}
