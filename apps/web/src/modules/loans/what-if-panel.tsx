import { Button, Card, Col, Form, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { SIZE_CLASSES, SIZE_CLASS_LABELS } from '@zhengqi/contracts/entities';
import { LOAN_APPLICANT_KINDS, type EligibilityFacts, type EligibilityRequest, type EligibilityResult, type LoanApplicantKind, type LoanCategory } from '@zhengqi/contracts/loans';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api-client';
import { ErrorBanner } from '../../app/list-kit';
import { todayShanghai } from '../../app/shanghai-time';
import { EligibilityExplanation } from './eligibility-table';
import { pick } from './loan-format';
import { CategoryChecks, IsoDateInput, isFieldError, loanFieldErrors } from './loan-inputs';

type WhatIfValues = {
  date: string;
  kind: LoanApplicantKind;
  foundedOn: string;
  sizeClass: EligibilityFacts['sizeClass'];
  headcountNow: number;
  headcountYearAgo: number;
  headcountYearEnd: number;
  wageArrears: number;
  siArrears: number;
  categories: LoanCategory[];
  goodCredit: boolean;
};
const FIELDS = ['date', 'kind', 'foundedOn', 'sizeClass', 'categories', 'goodCredit'] as const;

/** 'YYYY-MM' plus k months. */
function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  const m = (index % 12) + 1;
  return `${Math.floor(index / 12)}-${String(m).padStart(2, '0')}`;
}

/**
 * The months the headcount rule reads for an application date: the last month end before the
 * application month, twelve months before that, and the end of the previous year (DOMAIN.md).
 */
export function headcountMonths(date: string): { now: string; yearAgo: string; yearEnd: string; window: string[] } {
  const now = addMonths(date.slice(0, 7), -1);
  return {
    now,
    yearAgo: addMonths(now, -12),
    yearEnd: `${Number(date.slice(0, 4)) - 1}-12`,
    window: Array.from({ length: 12 }, (_, i) => addMonths(now, -i)),
  };
}

/** The facts of the form: three headcount points (the rule reads no other) and arrears as that many of the last twelve months. */
export function factsOf(v: WhatIfValues): EligibilityFacts {
  const m = headcountMonths(v.date);
  return {
    kind: v.kind,
    foundedOn: v.foundedOn,
    sizeClass: v.sizeClass,
    // Written last, the last month end wins when it is also the last year end (an application in January).
    headcount: { [m.yearAgo]: v.headcountYearAgo, [m.yearEnd]: v.headcountYearEnd, [m.now]: v.headcountNow },
    wageArrearsMonths: m.window.slice(0, v.wageArrears),
    socialInsuranceArrearsMonths: m.window.slice(0, v.siArrears),
    categories: v.categories,
    goodCredit: v.goodCredit,
  };
}

/** "What if": a firm's facts typed in → the explained criteria and the indicative offer (POST /eligibility with facts). */
export function WhatIfPanel({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<WhatIfValues>();
  const today = todayShanghai(me.fakeNow);
  const date = Form.useWatch('date', form) ?? today;
  const months = headcountMonths(date);
  const check = useMutation({
    mutationFn: (v: WhatIfValues) => {
      const body: EligibilityRequest = { facts: factsOf(v), productCode: 'stable-employment', date: v.date };
      return api<EligibilityResult>('POST', '/api/v1/loans/eligibility', body);
    },
    onError: (err) => form.setFields(loanFieldErrors(err, FIELDS)),
  });
  const count = (name: keyof WhatIfValues, label: string, max: number, testId: string) => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item name={name} label={label} rules={[{ required: true }]}>
        <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  );
  return (
    <Card size="small" title={t('loans.whatIf.title')} data-testid="what-if">
      <Typography.Paragraph type="secondary">{t('loans.whatIf.hint')}</Typography.Paragraph>
      <Form<WhatIfValues>
        form={form}
        layout="vertical"
        initialValues={{
          date: today, kind: 'enterprise', foundedOn: '2020-01-01', sizeClass: 'small', headcountNow: 30, headcountYearAgo: 28, headcountYearEnd: 29,
          wageArrears: 0, siArrears: 0, categories: [1], goodCredit: true,
        }}
        onFinish={(v) => check.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="date" label={t('loans.whatIf.date')} rules={[{ required: true }]}><IsoDateInput testId="what-if-date" /></Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="kind" label={t('loans.whatIf.kind')} rules={[{ required: true }]}>
              <Select options={LOAN_APPLICANT_KINDS.map((k) => ({ value: k, label: t(`loans.kind.${k}`) }))} data-testid="what-if-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="foundedOn" label={t('loans.whatIf.foundedOn')} rules={[{ required: true }]}><IsoDateInput testId="what-if-founded" /></Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="sizeClass" label={t('loans.whatIf.sizeClass')} rules={[{ required: true }]}>
              <Select options={SIZE_CLASSES.map((s) => ({ value: s, label: pick(SIZE_CLASS_LABELS[s], en) }))} data-testid="what-if-size" />
            </Form.Item>
          </Col>
          {count('headcountNow', t('loans.whatIf.headcountNow', { month: months.now }), 10_000_000, 'what-if-headcount-now')}
          {count('headcountYearAgo', t('loans.whatIf.headcountYearAgo', { month: months.yearAgo }), 10_000_000, 'what-if-headcount-year-ago')}
          {/* In January the last year end is the last month end: one figure, asked once. */}
          {months.yearEnd !== months.now && count('headcountYearEnd', t('loans.whatIf.headcountYearEnd', { month: months.yearEnd }), 10_000_000, 'what-if-headcount-year-end')}
          {count('wageArrears', t('loans.whatIf.wageArrears'), 12, 'what-if-wage-arrears')}
          {count('siArrears', t('loans.whatIf.siArrears'), 12, 'what-if-si-arrears')}
          <Col xs={24} lg={16}>
            <Form.Item name="categories" label={t('loans.whatIf.categories')}><CategoryChecks testId="what-if-categories" /></Form.Item>
          </Col>
          <Col xs={24} lg={8}>
            <Form.Item name="goodCredit" label={t('loans.whatIf.goodCredit')} valuePropName="checked"><Switch data-testid="what-if-credit" /></Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={check.isPending} data-testid="what-if-run">{t('loans.whatIf.run')}</Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorBanner error={isFieldError(check.error, FIELDS) ? null : check.error} />
        {check.data !== undefined && <EligibilityExplanation result={check.data} testId="what-if-result" />}
      </div>
    </Card>
  );
}
