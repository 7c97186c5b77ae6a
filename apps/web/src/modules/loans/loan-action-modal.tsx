import { Alert, Button, Form, Input, InputNumber, Radio, Select, Switch, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { LOAN_ACTION_LABELS, type LoanAction, type LoanActionInputs, type LoanDetail } from '@zhengqi/contracts/loan-applications';
import { REPAYMENT_METHOD_LABELS, REPAYMENT_METHODS, type LoanCategory, type RepaymentMethod } from '@zhengqi/contracts/loans';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api-client';
import { FormModal } from '../../app/form-modal';
import { todayShanghai } from '../../app/shanghai-time';
import { postLoanAction } from './loan-api';
import { fenToWan, newIdempotencyKey, pick, rateString, wanText, yuanText, wanToFen } from './loan-format';
import { CategoryChecks, IsoDateInput, WanInput, isFieldError, loanFieldErrors } from './loan-inputs';

type ActionValues = {
  categories?: LoanCategory[];
  headcountVerified?: number;
  note?: string;
  reason?: string;
  annualRevenueWan?: number;
  annualTaxWan?: number;
  visitNotes?: string;
  creditCheck?: 'good' | 'bad';
  approved?: boolean;
  amountWan?: number;
  annualRate?: number;
  termMonths?: number;
  method?: RepaymentMethod;
  contractNumber?: string;
  signedOn?: string;
  disbursedOn?: string;
  paidOn?: string;
};
type FieldName = keyof ActionValues;
const FIELDS: readonly FieldName[] = [
  'categories', 'headcountVerified', 'note', 'reason', 'annualRevenueWan', 'annualTaxWan', 'visitNotes', 'creditCheck', 'approved', 'amountWan', 'annualRate',
  'termMonths', 'method', 'contractNumber', 'signedOn', 'disbursedOn', 'paidOn',
];
// The wire names of the amounts the form shows in 万元.
const RENAME: Partial<Record<string, FieldName>> = { amountFen: 'amountWan', annualRevenueFen: 'annualRevenueWan', annualTaxFen: 'annualTaxWan' };
const REASON_RULES = [{ required: true, whitespace: true, min: 2, max: 500 }];
const TERMS = [6, 12, 18, 24, 36];

/** The latest headcount of the facts the pre-check read: what the bureau is asked to verify. */
function latestHeadcount(loan: LoanDetail): number | undefined {
  const h = loan.factsSnapshot?.headcount ?? {};
  const last = Object.keys(h).sort().at(-1);
  return last === undefined ? undefined : h[last];
}

/** What is still due on the first instalment not fully paid (a suggestion for the repayment form). */
function nextDueFen(loan: LoanDetail): number | undefined {
  const lines = loan.disbursements.flatMap((d) => d.schedule).filter((l) => l.status !== 'paid').sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const first = lines[0];
  return first === undefined ? undefined : first.totalFen - first.paidPrincipalFen - first.paidInterestFen;
}

function initialValues(action: LoanAction, loan: LoanDetail, today: string): ActionValues {
  const offer = loan.eligibility?.offer;
  switch (action) {
    case 'certify':
      return { categories: loan.certification?.categories ?? loan.categoriesClaimed, headcountVerified: latestHeadcount(loan), note: '' };
    case 'decide':
      return {
        approved: true,
        amountWan: fenToWan(offer === undefined ? loan.requestedAmountFen : Math.min(loan.requestedAmountFen, offer.maxLimitFen)),
        annualRate: offer === undefined ? undefined : Number(offer.rateRange.max),
        termMonths: loan.termMonths,
        method: loan.method,
        note: '',
      };
    case 'approve':
      return { approved: true };
    case 'sign':
      return { signedOn: today };
    case 'disburse':
      return { amountWan: fenToWan(Math.max(0, (loan.approvedAmountFen ?? 0) - loan.disbursedFen)), disbursedOn: today };
    case 'repay': {
      const due = nextDueFen(loan);
      return { amountWan: due === undefined ? undefined : fenToWan(due), paidOn: today };
    }
    case 'diligence':
      return { creditCheck: 'good' };
    case 'submit':
    case 'return':
    case 'withdraw':
      return {};
  }
}

function need<T>(v: T | undefined): T {
  if (v === undefined) {
    // The form's rules require every field read here; reaching this is a programming error.
    throw new Error('missing form value');
  }
  return v;
}

/** The request body of an action from the form's values, in fen and decimal-string rates; sent with the version the page shows. */
function bodyOf(action: LoanAction, v: ActionValues, version: number): LoanActionInputs[LoanAction] {
  switch (action) {
    case 'submit':
      return { version };
    case 'certify':
      return { categories: need(v.categories), headcountVerified: need(v.headcountVerified), note: v.note ?? '', version };
    case 'return':
    case 'withdraw':
      return { reason: need(v.reason), version };
    case 'diligence':
      return { annualRevenueFen: wanToFen(need(v.annualRevenueWan)), annualTaxFen: wanToFen(need(v.annualTaxWan)), visitNotes: need(v.visitNotes), creditCheck: need(v.creditCheck), version };
    case 'decide':
      return v.approved === false
        ? { approved: false, reason: need(v.reason), version }
        : { approved: true, amountFen: wanToFen(need(v.amountWan)), annualRate: rateString(need(v.annualRate)), termMonths: need(v.termMonths), method: need(v.method), note: v.note ?? '', version };
    case 'approve':
      return v.approved === false ? { approved: false, reason: need(v.reason), version } : { approved: true, ...(v.reason === undefined || v.reason === '' ? {} : { reason: v.reason }), version };
    case 'sign':
      return { contractNumber: need(v.contractNumber), signedOn: need(v.signedOn), version };
    case 'disburse':
      return { amountFen: wanToFen(need(v.amountWan)), disbursedOn: need(v.disbursedOn), version };
    case 'repay':
      return { amountFen: wanToFen(need(v.amountWan)), paidOn: need(v.paidOn), version };
  }
}

/**
 * The form of one application action. A disbursement gets one idempotency key per opening of the
 * dialog, so a double click or a retry after a lost answer disburses once. A 409 means someone else
 * acted first: the form says so and offers to reload.
 */
export function LoanActionModal({ me, loan, action, onClose, onDone, onReload }: {
  me: Me;
  loan: LoanDetail;
  action: LoanAction;
  onClose: () => void;
  onDone: (l: LoanDetail) => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<ActionValues>();
  const approved = Form.useWatch('approved', form);
  const [idempotencyKey] = useState(() => (action === 'disburse' ? newIdempotencyKey() : undefined));
  const today = todayShanghai(me.fakeNow);
  const send = useMutation({
    mutationFn: (v: ActionValues) => postLoanAction(loan.id, action, bodyOf(action, v, loan.version), { csrfToken: me.csrfToken, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }),
    onSuccess: onDone,
    onError: (err) => form.setFields(loanFieldErrors(err, FIELDS, RENAME)),
  });
  const conflict = send.error instanceof ApiError && send.error.status === 409;
  const offer = loan.eligibility?.offer;
  const offerHint = offer === undefined ? undefined : t('loans.action.offerHint', { limit: wanText(offer.maxLimitFen, en), min: offer.rateRange.min, max: offer.rateRange.max });

  const reason = (required: boolean) => (
    <Form.Item name="reason" label={t('loans.action.reason')} rules={required ? REASON_RULES : [{ min: 2, max: 500 }]}>
      <Input.TextArea rows={3} data-testid="loan-action-reason" />
    </Form.Item>
  );
  const note = (
    <Form.Item name="note" label={t('loans.action.note')} rules={[{ max: 1000 }]}>
      <Input.TextArea rows={2} data-testid="loan-action-note" />
    </Form.Item>
  );
  const amount = (extra?: string) => (
    <Form.Item name="amountWan" label={t('loans.action.amount')} rules={[{ required: true }, { type: 'number', min: 0.000001 }]} extra={extra}>
      <WanInput testId="loan-action-amount" />
    </Form.Item>
  );
  const date = (name: 'signedOn' | 'disbursedOn' | 'paidOn', label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <IsoDateInput testId={`loan-action-${name}`} />
    </Form.Item>
  );
  const approvedSwitch = (
    <Form.Item name="approved" label={t('loans.action.approved')} valuePropName="checked">
      <Switch checkedChildren={t('loans.action.approve')} unCheckedChildren={t('loans.action.decline')} data-testid="loan-action-approved" />
    </Form.Item>
  );

  const fields = (() => {
    switch (action) {
      case 'submit':
        return <Typography.Paragraph>{t('loans.action.confirmSubmit')}</Typography.Paragraph>;
      case 'certify':
        return (
          <>
            <Form.Item name="categories" label={t('loans.action.categories')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <CategoryChecks testId="loan-action-categories" />
            </Form.Item>
            <Form.Item name="headcountVerified" label={t('loans.action.headcountVerified')} rules={[{ required: true }]}>
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="loan-action-headcount" />
            </Form.Item>
            {note}
          </>
        );
      case 'return':
      case 'withdraw':
        return reason(true);
      case 'diligence':
        return (
          <>
            <Form.Item name="annualRevenueWan" label={t('loans.action.annualRevenue')} rules={[{ required: true }]}>
              <WanInput testId="loan-action-revenue" />
            </Form.Item>
            <Form.Item name="annualTaxWan" label={t('loans.action.annualTax')} rules={[{ required: true }]}>
              <WanInput testId="loan-action-tax" />
            </Form.Item>
            <Form.Item name="visitNotes" label={t('loans.action.visitNotes')} rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="loan-action-visit-notes" />
            </Form.Item>
            <Form.Item name="creditCheck" label={t('loans.action.creditCheck')} rules={[{ required: true }]}>
              <Radio.Group
                data-testid="loan-action-credit"
                options={[{ value: 'good', label: t('loans.detail.credit.good') }, { value: 'bad', label: t('loans.detail.credit.bad') }]}
              />
            </Form.Item>
          </>
        );
      case 'decide':
        return (
          <>
            {approvedSwitch}
            {approved === false ? reason(true) : (
              <>
                {amount(offerHint)}
                <Form.Item name="annualRate" label={t('loans.action.rate')} rules={[{ required: true }]}>
                  <InputNumber<number> min={0} max={24} step={0.05} precision={2} style={{ width: '100%' }} data-testid="loan-action-rate" />
                </Form.Item>
                <Form.Item name="termMonths" label={t('loans.action.term')} rules={[{ required: true }]}>
                  <Select options={TERMS.map((m) => ({ value: m, label: t('loans.fields.termMonths', { months: m }) }))} data-testid="loan-action-term" />
                </Form.Item>
                <Form.Item name="method" label={t('loans.action.method')} rules={[{ required: true }]}>
                  <Select options={REPAYMENT_METHODS.map((m) => ({ value: m, label: pick(REPAYMENT_METHOD_LABELS[m], en) }))} data-testid="loan-action-method" />
                </Form.Item>
                {note}
              </>
            )}
          </>
        );
      case 'approve':
        return (
          <>
            {approvedSwitch}
            {reason(approved === false)}
          </>
        );
      case 'sign':
        return (
          <>
            <Form.Item name="contractNumber" label={t('loans.action.contractNumber')} rules={[{ required: true, whitespace: true, min: 3, max: 64 }]}>
              <Input data-testid="loan-action-contract-number" />
            </Form.Item>
            {date('signedOn', t('loans.action.signedOn'))}
          </>
        );
      case 'disburse':
        return (
          <>
            {amount(t('loans.action.remainingHint', { approved: wanText(loan.approvedAmountFen, en), disbursed: wanText(loan.disbursedFen, en) }))}
            {date('disbursedOn', t('loans.action.disbursedOn'))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="loan-action-idempotency">
              {t('loans.action.idempotencyHint', { key: idempotencyKey ?? '' })}
            </Typography.Text>
          </>
        );
      case 'repay':
        return (
          <>
            {amount(loan.payoffFen > 0 ? t('loans.action.payoffHint', { payoff: yuanText(loan.payoffFen, en) }) : undefined)}
            {date('paidOn', t('loans.action.paidOn'))}
          </>
        );
    }
  })();

  return (
    <FormModal
      title={`${pick(LOAN_ACTION_LABELS[action], en)} · ${loan.number}`}
      width={560}
      form={form}
      saving={send.isPending}
      error={conflict || isFieldError(send.error, FIELDS, RENAME) ? null : send.error}
      submitTestId="loan-action-save"
      onClose={onClose}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('loans.action.conflict')}
          action={<Button size="small" onClick={onReload} data-testid="loan-action-reload">{t('loans.action.reload')}</Button>}
          style={{ marginBottom: 12 }}
          data-testid="loan-action-conflict"
        />
      )}
      <Form<ActionValues> form={form} layout="vertical" initialValues={initialValues(action, loan, today)} onFinish={(v) => send.mutate(v)}>
        {fields}
      </Form>
    </FormModal>
  );
}
