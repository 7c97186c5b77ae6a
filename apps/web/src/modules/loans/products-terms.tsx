import { Checkbox, Col, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Switch, Tag, type FormInstance } from 'antd';
import {
  DAY_COUNTS, LOAN_APPLICANT_KINDS, REPAYMENT_METHODS, REPAYMENT_METHOD_LABELS, type LoanApplicantKind, type LoanProductVersion,
} from '@zhengqi/contracts/loans';
import { useTranslation } from 'react-i18next';
import { IsoDateInput } from './loan-inputs';
import { fenToWan, pick, wanText, wanToFen } from './loan-format';

// The terms of a product version: read-only for a published version, a form for a draft. Limits are
// shown and typed in 万元 and sent in fen; rates stay decimal strings end to end.

type MaxFields = Record<`max_${LoanApplicantKind}`, number | null>;
export type TermsForm = MaxFields & {
  nameZh: string;
  nameEn: string;
  policyBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  bankName: string;
  bankCode: string;
  partner: string;
  rateCap: string | null;
  rateFloor: string | null;
  termsMonths: Array<number | string>;
  methods: LoanProductVersion['methods'];
  dayCount: LoanProductVersion['dayCount'];
  certificationRequired: boolean;
};

const RATE_PATTERN = /^\d{1,3}(\.\d{1,4})?$/;

/** The form values of a version's terms. */
export function termsFormOf(p: LoanProductVersion): TermsForm {
  const max = Object.fromEntries(LOAN_APPLICANT_KINDS.map((k) => [`max_${k}`, p.maxLimitFen[k] === undefined ? null : fenToWan(p.maxLimitFen[k])])) as MaxFields;
  return {
    ...max,
    nameZh: p.name.zh,
    nameEn: p.name.en,
    policyBasis: p.policyBasis,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    bankName: p.bank.name,
    bankCode: p.bank.code,
    partner: p.policyPartner.name,
    rateCap: p.rateCap,
    rateFloor: p.rateFloor,
    termsMonths: p.termsMonths,
    methods: p.methods,
    dayCount: p.dayCount,
    certificationRequired: p.certificationRequired,
  };
}

/** The version with the form's terms (its decisions untouched). */
export function applyTermsForm(p: LoanProductVersion, v: TermsForm): LoanProductVersion {
  const maxLimitFen: LoanProductVersion['maxLimitFen'] = {};
  for (const k of LOAN_APPLICANT_KINDS) {
    const wan = v[`max_${k}`];
    if (wan !== null && wan !== undefined) {
      maxLimitFen[k] = wanToFen(wan);
    }
  }
  const months = [...new Set(v.termsMonths.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 360))].sort((a, b) => a - b);
  const blank = (s: string | null | undefined) => (s === null || s === undefined || s.trim() === '' ? null : s.trim());
  return {
    ...p,
    name: { zh: v.nameZh, en: v.nameEn },
    policyBasis: v.policyBasis,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: blank(v.effectiveTo),
    bank: { code: v.bankCode, name: v.bankName },
    policyPartner: { name: v.partner },
    maxLimitFen,
    rateCap: blank(v.rateCap) ?? '',
    rateFloor: blank(v.rateFloor),
    termsMonths: months,
    methods: v.methods,
    dayCount: v.dayCount,
    certificationRequired: v.certificationRequired,
  };
}

/** A published version's terms. */
export function TermsView({ product }: { product: LoanProductVersion }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="product-terms">
      <Descriptions.Item label={t('loanProducts.terms.nameZh')}>{product.name.zh}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.nameEn')}>{product.name.en}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.bankName')}>{product.bank.name} ({product.bank.code})</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.partner')}>{product.policyPartner.name}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.policyBasis')}>{product.policyBasis}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.columns.effective')}>
        {product.effectiveFrom} – {product.effectiveTo ?? t('loanProducts.openEnded')}
      </Descriptions.Item>
      {LOAN_APPLICANT_KINDS.map((k) => (
        <Descriptions.Item key={k} label={t('loanProducts.terms.maxLimitKind', { kind: t(`loans.kind.${k}`) })}>
          <span data-testid={`product-max-${k}`}>{product.maxLimitFen[k] === undefined ? t('loanProducts.terms.notLent') : wanText(product.maxLimitFen[k], en)}</span>
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('loanProducts.terms.rateCap')}>{product.rateCap}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.rateFloor')}>{product.rateFloor ?? t('loanProducts.terms.noFloor')}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.termsMonths')}>
        {product.termsMonths.map((m) => <Tag key={m}>{t('loanProducts.terms.months', { n: m })}</Tag>)}
      </Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.methods')}>
        {product.methods.map((m) => <Tag key={m}>{pick(REPAYMENT_METHOD_LABELS[m], en, m)}</Tag>)}
      </Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.dayCount')}>{product.dayCount}</Descriptions.Item>
      <Descriptions.Item label={t('loanProducts.terms.certificationRequired')}>{t(product.certificationRequired ? 'common.yes' : 'common.no')}</Descriptions.Item>
    </Descriptions>
  );
}

/** A draft's terms as a form; every change goes to `onChange` at once (the page keeps the edited version). */
export function TermsEditor({ form, initial, onChange }: { form: FormInstance<TermsForm>; initial: LoanProductVersion; onChange: (values: TermsForm) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const required = [{ required: true, whitespace: true }];
  const rate = (optional: boolean) => [
    ...(optional ? [] : [{ required: true }]),
    { pattern: RATE_PATTERN, message: '0.00–999.9999' },
  ];
  return (
    <Form<TermsForm>
      form={form}
      layout="vertical"
      initialValues={termsFormOf(initial)}
      onValuesChange={(_, all) => onChange(all)}
      data-testid="product-terms-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={12}><Form.Item name="nameZh" label={t('loanProducts.terms.nameZh')} rules={required}><Input maxLength={100} /></Form.Item></Col>
        <Col xs={24} md={12}><Form.Item name="nameEn" label={t('loanProducts.terms.nameEn')} rules={required}><Input maxLength={200} /></Form.Item></Col>
        <Col xs={24} md={8}><Form.Item name="bankName" label={t('loanProducts.terms.bankName')} rules={required}><Input /></Form.Item></Col>
        <Col xs={24} md={4}><Form.Item name="bankCode" label={t('loanProducts.terms.bankCode')} rules={required}><Input /></Form.Item></Col>
        <Col xs={24} md={12}><Form.Item name="partner" label={t('loanProducts.terms.partner')} rules={required}><Input /></Form.Item></Col>
        <Col xs={24} md={12}><Form.Item name="policyBasis" label={t('loanProducts.terms.policyBasis')} rules={required}><Input /></Form.Item></Col>
        <Col xs={12} md={6}>
          <Form.Item name="effectiveFrom" label={t('loanProducts.terms.effectiveFrom')} rules={[{ required: true }]}><IsoDateInput testId="terms-effective-from" /></Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="effectiveTo" label={t('loanProducts.terms.effectiveTo')} extra={t('loanProducts.terms.effectiveToHint')}><IsoDateInput testId="terms-effective-to" /></Form.Item>
        </Col>
        {LOAN_APPLICANT_KINDS.map((k) => (
          <Col key={k} xs={24} md={6}>
            <Form.Item name={`max_${k}`} label={t('loanProducts.terms.maxLimitKind', { kind: t(`loans.kind.${k}`) })} extra={t('loanProducts.terms.maxLimitHint')}>
              <InputNumber<number> min={0} step={100} precision={2} style={{ width: '100%' }} data-testid={`terms-max-${k}`} />
            </Form.Item>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Form.Item name="rateCap" label={t('loanProducts.terms.rateCap')} rules={rate(false)}><InputNumber<string> stringMode min="0" step="0.05" style={{ width: '100%' }} data-testid="terms-rate-cap" /></Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="rateFloor" label={t('loanProducts.terms.rateFloor')} rules={rate(true)}><InputNumber<string> stringMode min="0" step="0.05" style={{ width: '100%' }} data-testid="terms-rate-floor" /></Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="termsMonths" label={t('loanProducts.terms.termsMonths')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="tags" options={[6, 12, 24, 36, 48, 60].map((m) => ({ value: m, label: String(m) }))} data-testid="terms-months" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="methods" label={t('loanProducts.terms.methods')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group options={REPAYMENT_METHODS.map((m) => ({ value: m, label: pick(REPAYMENT_METHOD_LABELS[m], en, m) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="dayCount" label={t('loanProducts.terms.dayCount')}>
            <Radio.Group options={DAY_COUNTS.map((d) => ({ value: d, label: d }))} optionType="button" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="certificationRequired" label={t('loanProducts.terms.certificationRequired')} valuePropName="checked"><Switch /></Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
