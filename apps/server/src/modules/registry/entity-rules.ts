import { ERROR_CATALOG, type ErrorCode } from '@zhengqi/contracts/errors';
import type { EntityCreateBody } from '@zhengqi/contracts/entities';
import type { FieldIssue } from '../../platform/errors/domain-error';
import { validateUscc, type UsccResult } from './uscc';

/** A field issue carrying the catalog's bilingual message for `code`. */
export function issue(field: string, code: ErrorCode, detail?: { zh: string; en: string }): FieldIssue {
  const c = ERROR_CATALOG[code];
  return { field, code, message: detail?.zh ?? c.zh, messageEn: detail?.en ?? c.en };
}

/**
 * The USCC rule of DOMAIN.md: a wrong form is rejected; a wrong check character is a warning
 * that only a holder of the override permission may accept, and only with a reason.
 */
export function checkUsccForSave(code: string, opts: { overrideReason: string | undefined; canOverride: boolean }): { result: UsccResult; issues: FieldIssue[] } {
  const result = validateUscc(code);
  if (!result.formOk) {
    return { result, issues: [issue('uscc', 'USCC_FORM_INVALID')] };
  }
  if (result.checkOk) {
    return { result, issues: [] };
  }
  const expected = result.expectedCheck ?? '?';
  if (opts.overrideReason === undefined || opts.overrideReason.trim() === '') {
    return {
      result,
      issues: [issue('uscc', 'USCC_CHECK_MISMATCH', {
        zh: `统一社会信用代码校验位应为 ${expected}，需有权限的用户填写理由后确认`,
        en: `The check character should be ${expected}; a user with the override permission must confirm with a reason`,
      })],
    };
  }
  if (!opts.canOverride) {
    return { result, issues: [issue('usccOverrideReason', 'USCC_OVERRIDE_FORBIDDEN')] };
  }
  return { result, issues: [] };
}

/** Every rule a new market entity must pass beyond its schema; empty when it may be saved. */
export function checkEntityInput(
  input: EntityCreateBody,
  opts: { canOverride: boolean; regionExists: (code: string) => boolean; regionInJurisdiction: (code: string) => boolean; today: string },
): FieldIssue[] {
  const issues = [...checkUsccForSave(input.uscc, { overrideReason: input.usccOverrideReason, canOverride: opts.canOverride }).issues];
  if (!opts.regionExists(input.regionCode)) {
    issues.push(issue('regionCode', 'REGION_UNKNOWN'));
  } else if (!opts.regionInJurisdiction(input.regionCode)) {
    issues.push(issue('regionCode', 'OUT_OF_JURISDICTION'));
  }
  if (input.foundedOn > opts.today) {
    issues.push(issue('foundedOn', 'VALIDATION_FAILED', { zh: '成立日期不能晚于今天', en: 'The founding date cannot be in the future' }));
  }
  issues.push(...checkMonthsUnique(input.headcounts?.map((h) => h.month) ?? [], 'headcounts'));
  issues.push(...checkMonthsUnique(input.paymentRecords?.map((h) => h.month) ?? [], 'paymentRecords'));
  return issues;
}

function checkMonthsUnique(months: string[], field: string): FieldIssue[] {
  const seen = new Set<string>();
  for (const m of months) {
    if (seen.has(m)) {
      return [issue(field, 'VALIDATION_FAILED', { zh: `月份 ${m} 重复`, en: `Month ${m} appears twice` })];
    }
    seen.add(m);
  }
  return [];
}
