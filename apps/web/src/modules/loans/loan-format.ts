import { SIZE_CLASS_LABELS } from '@zhengqi/contracts/entities';
import { LOAN_APPLICANT_KINDS, type EligibilityCriterion } from '@zhengqi/contracts/loans';
import type { TFunction } from 'i18next';

// Money is integer fen on the wire; the pages show 万元 for amounts and 元 for instalments.

type Label = { zh: string; en: string };

/** The label of a contracts enum value in the current language (the fallback when unknown). */
export function pick(label: Label | undefined, en: boolean, fallback = ''): string {
  if (label === undefined) {
    return fallback;
  }
  return en ? label.en : label.zh;
}

/** Integer fen as a number of 万元 (10 000 CNY), exact to the fen (six decimals). */
export function fenToWan(fen: number): number {
  return fen / 1_000_000;
}

/** A number of 万元 as integer fen (what the API takes); rounding absorbs binary fractions such as 0.1. */
export function wanToFen(wan: number): number {
  return Math.round(wan * 1_000_000);
}

/** Integer fen as 万元 text with two decimals and grouping: 15 000.00. */
export function wanText(fen: number | null, en: boolean): string {
  if (fen === null) {
    return '—';
  }
  return fenToWan(fen).toLocaleString(en ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Integer fen as 元 text with two decimals: 1,234.56. */
export function yuanText(fen: number, en: boolean): string {
  return (fen / 100).toLocaleString(en ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A decimal-string rate in percent as "3.85%" (a dash when there is none). */
export function rateText(rate: string | null): string {
  return rate === null ? '—' : `${rate}%`;
}

/** A rate typed as a number back to the contract's decimal string: at most four decimals, no trailing zeros. */
export function rateString(rate: number): string {
  return String(Number(rate.toFixed(4)));
}

/** A fraction as a percentage with at most one decimal: 0.032 → "3.2". */
function percent(fraction: number): string {
  return String(Math.round(Math.abs(fraction) * 1000) / 10);
}

function kindLabel(t: TFunction, v: string): string {
  return (LOAN_APPLICANT_KINDS as readonly string[]).includes(v) ? t(`loans.kind.${v}`) : v;
}

function sizeLabel(v: string, en: boolean): string {
  return pick((SIZE_CLASS_LABELS as Record<string, Label | undefined>)[v], en, v);
}

function list(values: CriterionValueList, map: (v: string) => string, t: TFunction): string {
  return values.length === 0 ? t('loans.eligibility.none') : values.map((v) => map(String(v))).join(t('loans.eligibility.separator'));
}
type CriterionValueList = Array<string | number>;

/**
 * What a criterion saw and what it required, in words. The meaning of `seen` and `required` is fixed
 * per code (ELIGIBILITY_CRITERION_LABELS); a value of an unexpected shape is shown as it is.
 */
export function criterionTexts(c: EligibilityCriterion, t: TFunction, en: boolean): { seen: string; required: string } {
  const raw = (v: EligibilityCriterion['seen']): string => (v === null ? t('loans.eligibility.noData') : Array.isArray(v) ? v.join(', ') : String(v));
  const seen = c.seen;
  const req = c.required;
  const num = (v: EligibilityCriterion['seen']): v is number => typeof v === 'number';
  const arr = (v: EligibilityCriterion['seen']): v is CriterionValueList => Array.isArray(v);
  if (seen === null && c.code !== 'headcount_stable') {
    return { seen: t('loans.eligibility.noData'), required: raw(req) };
  }
  switch (c.code) {
    case 'entity_kind':
      return { seen: typeof seen === 'string' ? kindLabel(t, seen) : raw(seen), required: arr(req) ? list(req, (v) => kindLabel(t, v), t) : raw(req) };
    case 'operating_period':
      return {
        seen: num(seen) ? t('loans.eligibility.months', { n: seen }) : raw(seen),
        required: num(req) ? t('loans.eligibility.atLeastMonths', { n: req }) : raw(req),
      };
    case 'pension_contributors':
      return {
        seen: num(seen) ? t('loans.eligibility.people', { n: seen }) : raw(seen),
        required: num(req) ? t('loans.eligibility.atLeastPeople', { n: req }) : raw(req),
      };
    case 'headcount_stable': {
      const s = seen === null ? t('loans.eligibility.noData')
        : !num(seen) ? raw(seen)
          : seen > 0 ? t('loans.eligibility.fell', { p: percent(seen) })
            : seen < 0 ? t('loans.eligibility.grew', { p: percent(seen) }) : t('loans.eligibility.unchanged');
      const r = !num(req) ? raw(req) : req === 0 ? t('loans.eligibility.mustNotFall') : t('loans.eligibility.fallBelow', { p: percent(req) });
      return { seen: s, required: r };
    }
    case 'wages_on_time':
    case 'social_insurance_on_time':
      return {
        seen: num(seen) ? t(c.code === 'wages_on_time' ? 'loans.eligibility.wageArrears' : 'loans.eligibility.arrears', { n: seen }) : raw(seen),
        required: num(req) ? t('loans.eligibility.atMostArrears', { n: req }) : raw(req),
      };
    case 'good_credit':
      return {
        seen: typeof seen === 'boolean' ? t(seen ? 'loans.eligibility.good' : 'loans.eligibility.bad') : raw(seen),
        required: req === true ? t('loans.eligibility.good') : raw(req),
      };
    case 'small_micro':
      return { seen: typeof seen === 'string' ? sizeLabel(seen, en) : raw(seen), required: arr(req) ? list(req, (v) => sizeLabel(v, en), t) : raw(req) };
    case 'category':
      return {
        seen: arr(seen) ? t('loans.eligibility.categories', { list: list(seen, (v) => v, t) }) : raw(seen),
        required: arr(req) ? t('loans.eligibility.anyOf', { list: list(req, (v) => v, t) }) : raw(req),
      };
  }
}

/**
 * A data source (registry.headcount …) in words; a qualifier the server adds in brackets
 * ("bank.credit (pending due diligence)") becomes "pending". Unknown codes stay as they are.
 */
export function sourceText(source: string, t: TFunction): string {
  const m = /^([\w.]+)\s*\((.*)\)$/.exec(source);
  const code = m?.[1] ?? source;
  const text: unknown = t(`loans.eligibility.sources.${code}`, { defaultValue: '' });
  const name = typeof text === 'string' && text !== '' ? text : code;
  return m === null ? name : `${name}${t('loans.eligibility.pending')}`;
}

/** A fresh idempotency key: crypto.randomUUID where the page is a secure context, random bytes otherwise. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
