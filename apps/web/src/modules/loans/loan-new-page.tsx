import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Radio, Row, Select, Switch } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { LOAN_CHANNELS, LOAN_CHANNEL_LABELS, type LoanApplicationCreateBody, type LoanDetail } from '@zhengqi/contracts/loan-applications';
import { REPAYMENT_METHOD_LABELS, REPAYMENT_METHODS, type LoanCategory, type RepaymentMethod } from '@zhengqi/contracts/loans';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../app/api-client';
import { ErrorBanner } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { can } from '../../app/session';
import { todayShanghai } from '../../app/shanghai-time';
import { LoanEntityPicker } from './entity-picker';
import { pick, wanToFen } from './loan-format';
import { CategoryChecks, IsoDateInput, WanInput, isFieldError, loanFieldErrors } from './loan-inputs';

type FormValues = {
  entityId: string;
  appliedOn: string;
  channel: (typeof LOAN_CHANNELS)[number];
  priority: boolean;
  amountWan: number;
  termMonths: number;
  method: RepaymentMethod;
  categories: LoanCategory[];
  contactNote?: string;
};
type FieldName = keyof FormValues;
const FIELDS: readonly FieldName[] = ['entityId', 'appliedOn', 'channel', 'priority', 'amountWan', 'termMonths', 'method', 'categories', 'contactNote'];
const RENAME: Partial<Record<string, FieldName>> = { requestedAmountFen: 'amountWan' };
// The terms both demo product versions offer; the server checks the term against the version in force.
const TERMS = [12, 24, 36];

/** A new special-loan application: by the enterprise online, or by a loan officer recording a phone or on-site consultation. */
export function LoanNewPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  // An officer with the registry records consultations; an enterprise user applies online.
  const officer = can(me, 'entity.read');
  const create = useMutation({
    mutationFn: (v: FormValues) => {
      const body: LoanApplicationCreateBody = {
        entityId: v.entityId,
        productCode: 'stable-employment',
        appliedOn: v.appliedOn,
        requestedAmountFen: wanToFen(v.amountWan),
        termMonths: v.termMonths,
        method: v.method,
        categories: v.categories,
        channel: v.channel,
        priority: v.priority,
        contactNote: v.contactNote ?? '',
      };
      return api<LoanDetail>('POST', '/api/v1/loans/applications', body);
    },
    onSuccess: async (loan) => {
      void message.success(t('loans.create.done', { number: loan.number }));
      qc.setQueryData(['loan', loan.id], loan);
      void qc.invalidateQueries({ queryKey: ['loans'] });
      await navigate(`/loans/${loan.id}`);
    },
    onError: (err) => form.setFields(loanFieldErrors(err, FIELDS, RENAME)),
  });

  return (
    <>
      <PageHeader title={t('loans.create.title')}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/loans')}>{t('common.back')}</Button>
      </PageHeader>
      <Card size="small" style={{ maxWidth: 960 }}>
        <ErrorBanner error={isFieldError(create.error, FIELDS, RENAME) ? null : create.error} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ appliedOn: todayShanghai(me.fakeNow), channel: officer ? 'phone' : 'online', priority: false, termMonths: 12, method: 'equal_instalment', categories: [] }}
          onFinish={(v) => create.mutate(v)}
          data-testid="loan-new-form"
        >
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item name="entityId" label={t('loans.create.entity')} rules={[{ required: true }]}>
                <LoanEntityPicker me={me} testId="loan-new-entity" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="appliedOn" label={t('loans.create.appliedOn')} rules={[{ required: true }]}>
                <IsoDateInput testId="loan-new-applied-on" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="channel" label={t('loans.fields.channel')} rules={[{ required: true }]}>
                <Radio.Group
                  // Phone and on-site applications are recorded by an officer; an enterprise applies online.
                  options={LOAN_CHANNELS.map((c) => ({ value: c, disabled: !officer && c !== 'online', label: <span data-testid={`loan-new-channel-${c}`}>{pick(LOAN_CHANNEL_LABELS[c], en)}</span> }))}
                  data-testid="loan-new-channel"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="priority" label={t('loans.fields.priority')} valuePropName="checked">
                <Switch data-testid="loan-new-priority" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="amountWan" label={t('loans.create.amount')} rules={[{ required: true }, { type: 'number', min: 0.000001 }]}>
                <WanInput testId="loan-new-amount" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="termMonths" label={t('loans.fields.term')} rules={[{ required: true }]}>
                <Select options={TERMS.map((m) => ({ value: m, label: t('loans.fields.termMonths', { months: m }) }))} data-testid="loan-new-term" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="method" label={t('loans.fields.method')} rules={[{ required: true }]}>
                <Select options={REPAYMENT_METHODS.map((m) => ({ value: m, label: pick(REPAYMENT_METHOD_LABELS[m], en) }))} data-testid="loan-new-method" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="categories" label={t('loans.fields.categories')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <CategoryChecks testId="loan-new-categories" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="contactNote" label={t('loans.fields.contactNote')} rules={[{ max: 1000 }]}>
                <Input.TextArea rows={3} data-testid="loan-new-contact-note" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="loan-new-submit">{t('loans.create.submitNow')}</Button>
        </Form>
      </Card>
    </>
  );
}
