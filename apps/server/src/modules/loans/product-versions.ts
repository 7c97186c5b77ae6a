import { LoanProductVersionSchema, type LoanProductVersion } from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import v2023 from './products/stable-employment-2023.json' with { type: 'json' };
import v2025 from './products/stable-employment-2025.json' with { type: 'json' };

/**
 * The two demo versions of `stable-employment` (稳岗扩岗专项贷款): 2023 follows the 2022 national
 * terms (人社厅函〔2022〕164号), 2025 the upgrade (人社厅函〔2025〕25号) in force from 2025-03-06. Each
 * JSON file is the version as an administrator would publish it, with its two JDM decisions.
 */
export const STABLE_EMPLOYMENT_VERSIONS: readonly LoanProductVersion[] = [LoanProductVersionSchema.parse(v2023), LoanProductVersionSchema.parse(v2025)];

/**
 * The version in force on `date`: the latest `effectiveFrom` on or before it whose `effectiveTo`
 * (inclusive) has not passed. Throws LOAN_PRODUCT_NOT_IN_FORCE when there is none.
 */
export function selectVersion(versions: readonly LoanProductVersion[], date: string): LoanProductVersion {
  let chosen: LoanProductVersion | undefined;
  for (const v of versions) {
    const inForce = v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo);
    if (inForce && (chosen === undefined || v.effectiveFrom > chosen.effectiveFrom)) {
      chosen = v;
    }
  }
  if (chosen === undefined) {
    const codes = [...new Set(versions.map((v) => v.productCode))].join(', ') || 'no versions';
    throw new DomainError('LOAN_PRODUCT_NOT_IN_FORCE', { field: 'date', detail: `${codes} on ${date}` });
  }
  return chosen;
}
