import { Checkbox, DatePicker, InputNumber } from 'antd';
import { LOAN_CATEGORIES, LOAN_CATEGORY_LABELS, type LoanCategory } from '@zhengqi/contracts/loans';
import dayjs, { type Dayjs } from 'dayjs';
import { fieldMessagesOf, type FieldError } from '../../app/form-errors';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api-client';
import { pick } from './loan-format';

/** A date picker whose form value is an ISO date string (YYYY-MM-DD). */
export function IsoDateInput({ value, onChange, testId }: { value?: string | null; onChange?: (v: string | null) => void; testId?: string }) {
  return (
    <DatePicker
      value={value === undefined || value === null || value === '' ? null : dayjs(value)}
      onChange={(d: Dayjs | null) => onChange?.(d === null ? null : d.format('YYYY-MM-DD'))}
      format="YYYY-MM-DD"
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** An amount typed in 万元 (the form value stays 万元; convert with wanToFen when sending). Six decimals reach the fen. */
export function WanInput({ value, onChange, testId, max }: { value?: number | null; onChange?: (v: number | null) => void; testId?: string; max?: number }) {
  return (
    <InputNumber<number>
      value={value ?? null}
      onChange={(v) => onChange?.(v)}
      min={0}
      max={max}
      step={10}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/**
 * The server's per-field messages for this form, with the wire names (amountFen …) renamed to the
 * form's (amountWan …) where the form shows a converted value.
 */
export function loanFieldErrors<N extends string>(err: unknown, formFields: readonly N[], rename: Partial<Record<string, N>> = {}): Array<FieldError<N>> {
  if (!(err instanceof ApiError)) {
    return [];
  }
  const byField = fieldMessagesOf(err);
  const out: Array<FieldError<N>> = [];
  for (const name of formFields) {
    const wire = Object.keys(rename).filter((k) => rename[k] === name);
    const errors = [name, ...wire].flatMap((f) => byField.get(f) ?? []);
    if (errors.length > 0) {
      out.push({ name, errors });
    }
  }
  return out;
}

/** Whether a failed call's error names a field of this form (then the fields show it and the banner need not). */
export function isFieldError(err: unknown, formFields: readonly string[], rename: Partial<Record<string, string>> = {}): boolean {
  return loanFieldErrors(err, formFields, rename).length > 0;
}

/** The four target categories as checkboxes with their labels (form value: the chosen numbers). */
export function CategoryChecks({ value, onChange, testId }: { value?: LoanCategory[]; onChange?: (v: LoanCategory[]) => void; testId: string }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Checkbox.Group<LoanCategory>
      value={value}
      onChange={(v) => onChange?.(v)}
      options={LOAN_CATEGORIES.map((c) => ({ value: c, label: <span data-testid={`${testId}-${c}`}>{c}. {pick(LOAN_CATEGORY_LABELS[c], en)}</span> }))}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      data-testid={testId}
    />
  );
}
