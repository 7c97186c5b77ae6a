import { Button, Card, Col, Empty, Form, InputNumber, Row, Select, Space, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import {
  DAY_COUNTS, MAX_PREVIEW_RATE_PERCENT, PREVIEW_DEFAULT_DAY_COUNT, REPAYMENT_METHOD_LABELS, REPAYMENT_METHODS,
  type DayCount, type RepaymentMethod, type SchedulePreview, type SchedulePreviewRequest,
} from '@zhengqi/contracts/loans';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { ErrorBanner, datedXlsxName, exportRowsToExcel } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { todayShanghai } from '../../app/shanghai-time';
import { pick, rateString, wanToFen, yuanText } from './loan-format';
import { IsoDateInput, WanInput, isFieldError, loanFieldErrors } from './loan-inputs';
import { ScheduleTable, scheduleExportColumns } from './schedule-table';
import { WhatIfPanel } from './what-if-panel';

type CalcValues = { principalWan: number; rate: number; months: number; method: RepaymentMethod; startDate: string; dayCount: DayCount };
type FieldName = keyof CalcValues;
const FIELDS: readonly FieldName[] = ['principalWan', 'rate', 'months', 'method', 'startDate', 'dayCount'];
const RENAME: Partial<Record<string, FieldName>> = { principalFen: 'principalWan', annualRate: 'rate' };

/** The loan calculator: terms in → the server's schedule preview (instalments and total interest), exported in the browser; and the what-if eligibility panel. */
export function LoanCalculatorPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<CalcValues>();
  const preview = useMutation({
    mutationFn: (v: CalcValues) => {
      const body: SchedulePreviewRequest = { principalFen: wanToFen(v.principalWan), annualRate: rateString(v.rate), months: v.months, method: v.method, startDate: v.startDate, dayCount: v.dayCount };
      return api<SchedulePreview>('POST', '/api/v1/loans/schedule-preview', body);
    },
    onError: (err) => form.setFields(loanFieldErrors(err, FIELDS, RENAME)),
  });
  const result = preview.data;
  const exportXlsx = async () => {
    if (result !== undefined) {
      await exportRowsToExcel(datedXlsxName(t('loans.calculator.exportStem')), scheduleExportColumns(t, false), result.instalments);
    }
  };

  return (
    <>
      <PageHeader title={t('loans.calculator.title')}>
        {result !== undefined && <ExportButton onExport={exportXlsx} testId="calculator-export" />}
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Form<CalcValues>
            form={form}
            layout="vertical"
            initialValues={{ principalWan: 500, rate: 3.85, months: 12, method: 'equal_instalment', startDate: todayShanghai(me.fakeNow), dayCount: PREVIEW_DEFAULT_DAY_COUNT }}
            onFinish={(v) => preview.mutate(v)}
          >
            <Row gutter={16}>
              <Col xs={24} sm={12} lg={4}>
                <Form.Item name="principalWan" label={t('loans.calculator.principal')} rules={[{ required: true }, { type: 'number', min: 0.000001 }]}>
                  <WanInput testId="calculator-principal" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={4}>
                <Form.Item name="rate" label={t('loans.calculator.rate')} rules={[{ required: true }]}>
                  <InputNumber<number> min={0} max={MAX_PREVIEW_RATE_PERCENT} step={0.05} precision={4} style={{ width: '100%' }} data-testid="calculator-rate" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={3}>
                <Form.Item name="months" label={t('loans.calculator.months')} rules={[{ required: true }]}>
                  <InputNumber<number> min={1} max={360} precision={0} style={{ width: '100%' }} data-testid="calculator-months" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={5}>
                <Form.Item name="method" label={t('loans.calculator.method')} rules={[{ required: true }]}>
                  <Select options={REPAYMENT_METHODS.map((m) => ({ value: m, label: pick(REPAYMENT_METHOD_LABELS[m], en) }))} popupMatchSelectWidth={false} data-testid="calculator-method" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={4}>
                <Form.Item name="startDate" label={t('loans.calculator.startDate')} rules={[{ required: true }]}>
                  <IsoDateInput testId="calculator-start" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={4}>
                <Form.Item name="dayCount" label={t('loans.calculator.dayCount')} rules={[{ required: true }]} tooltip={t('loans.calculator.dayCountHint')}>
                  <Select options={DAY_COUNTS.map((d) => ({ value: d, label: d }))} data-testid="calculator-day-count" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={preview.isPending} data-testid="calculator-run">{t('loans.calculator.run')}</Button>
          </Form>
        </Card>
        <Card size="small">
          <ErrorBanner error={isFieldError(preview.error, FIELDS, RENAME) ? null : preview.error} />
          {result === undefined ? (
            <Empty description={t('loans.calculator.empty')} />
          ) : (
            <>
              <Typography.Text strong data-testid="calculator-total-interest">{t('loans.schedule.totalInterest', { amount: yuanText(result.totalInterestFen, en) })}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                <ScheduleTable rows={result.instalments} testId="calculator-schedule" />
              </div>
            </>
          )}
        </Card>
        <WhatIfPanel me={me} />
      </Space>
    </>
  );
}
