import { Alert, Button, Card, Col, Empty, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { SIZE_CLASSES, SIZE_CLASS_LABELS } from '@zhengqi/contracts/entities';
import { LOAN_APPLICANT_KINDS, type EligibilityResult, type JdmGraph, type LoanProductVersion } from '@zhengqi/contracts/loans';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../app/list-kit';
import { EligibilityExplanation } from './eligibility-table';
import { CategoryChecks, IsoDateInput } from './loan-inputs';
import { pick } from './loan-format';
import { testProduct, type DecisionKey } from './products-api';
import { PRESETS, arrearsWindowOf, factsOf, headcountMonthsOf, presetFacts, type SampleFacts } from './products-facts';

/** The date a test run defaults to: today, moved into the version's period of force. */
export function defaultTestDate(product: LoanProductVersion, today: string): string {
  if (today < product.effectiveFrom) {
    return product.effectiveFrom;
  }
  return product.effectiveTo !== null && today > product.effectiveTo ? product.effectiveTo : today;
}

type Run = { key: string; result: EligibilityResult };

/**
 * Sample facts (by hand or from a preset) run against the edited, unsaved decision graphs through
 * the version's test endpoint. `onRun` hands the page the key of what was tested, which is what
 * unlocks publishing.
 */
export function ProductTestPanel({ code, version, graphs, currentKey, termsDirty, initialDate, onRun }: {
  code: string;
  version: string;
  graphs: Record<DecisionKey, JdmGraph>;
  /** The key of what a run would test now; a result whose key differs is out of date. */
  currentKey: string;
  termsDirty: boolean;
  initialDate: string;
  onRun: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [facts, setFacts] = useState<SampleFacts>(() => presetFacts('textile', initialDate));
  const [last, setLast] = useState<Run | null>(null);
  const run = useMutation({
    mutationFn: async (): Promise<Run> => {
      const key = currentKey;
      const result = await testProduct(code, version, { facts: factsOf(facts), date: facts.date, ...graphs });
      return { key, result };
    },
    onSuccess: (r) => {
      setLast(r);
      onRun(r.key);
    },
  });
  const set = <K extends keyof SampleFacts>(k: K, v: SampleFacts[K]) => setFacts((f) => ({ ...f, [k]: v }));
  const months = headcountMonthsOf(facts.date);
  const window = arrearsWindowOf(facts.date);
  const monthOptions = window.map((m) => ({ value: m, label: m }));

  return (
    <Card title={t('loanProducts.test.title')} size="small" data-testid="product-test-panel">
      <Typography.Paragraph type="secondary">{t('loanProducts.test.hint')}</Typography.Paragraph>
      {termsDirty && <Alert type="info" showIcon title={t('loanProducts.test.termsUnsaved')} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('loanProducts.test.presets')}:</Typography.Text>
        {PRESETS.map((p) => (
          <Button key={p} size="small" onClick={() => setFacts(presetFacts(p, facts.date))} data-testid={`test-preset-${p}`}>
            {t(`loanProducts.test.preset.${p}`)}
          </Button>
        ))}
      </Space>
      <Row gutter={[16, 8]}>
        <Col xs={12} md={6}>
          <div>{t('loanProducts.test.date')}</div>
          <IsoDateInput value={facts.date} onChange={(v) => v !== null && set('date', v)} testId="test-date" />
        </Col>
        <Col xs={12} md={6}>
          <div>{t('loanProducts.test.kind')}</div>
          <Radio.Group
            value={facts.kind}
            onChange={(e) => set('kind', e.target.value as SampleFacts['kind'])}
            options={LOAN_APPLICANT_KINDS.map((k) => ({ value: k, label: t(`loans.kind.${k}`) }))}
            optionType="button"
            data-testid="test-kind"
          />
        </Col>
        <Col xs={12} md={6}>
          <div>{t('loanProducts.test.foundedOn')}</div>
          <IsoDateInput value={facts.foundedOn} onChange={(v) => v !== null && set('foundedOn', v)} testId="test-founded-on" />
        </Col>
        <Col xs={12} md={6}>
          <div>{t('loanProducts.test.sizeClass')}</div>
          <Select
            value={facts.sizeClass}
            onChange={(v) => set('sizeClass', v)}
            options={SIZE_CLASSES.map((s) => ({ value: s, label: pick(SIZE_CLASS_LABELS[s], en, s) }))}
            style={{ width: '100%' }}
            data-testid="test-size"
          />
        </Col>
        <Col span={24}>
          <div>{t('loanProducts.test.headcount')}</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(84px, 1fr))', gap: 6 }} data-testid="test-headcounts">
            {months.map((m, i) => (
              <label key={m} style={{ display: 'flex', flexDirection: 'column', fontSize: 12 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m}</Typography.Text>
                <InputNumber<number>
                  size="small"
                  min={0}
                  max={10_000_000}
                  precision={0}
                  value={facts.headcounts[i] ?? null}
                  onChange={(v) => set('headcounts', facts.headcounts.map((x, j) => (j === i ? v : x)))}
                  style={{ width: '100%' }}
                  data-testid={`test-headcount-${i}`}
                />
              </label>
            ))}
          </div>
        </Col>
        <Col xs={24} md={12}>
          <div>{t('loanProducts.test.wageArrears')}</div>
          <Select mode="multiple" allowClear value={facts.wageArrearsMonths} onChange={(v) => set('wageArrearsMonths', v)} options={monthOptions} style={{ width: '100%' }} data-testid="test-wage-arrears" />
        </Col>
        <Col xs={24} md={12}>
          <div>{t('loanProducts.test.siArrears')}</div>
          <Select mode="multiple" allowClear value={facts.socialInsuranceArrearsMonths} onChange={(v) => set('socialInsuranceArrearsMonths', v)} options={monthOptions} style={{ width: '100%' }} data-testid="test-si-arrears" />
        </Col>
        <Col xs={24} md={16}>
          <div>{t('loanProducts.test.categories')}</div>
          <CategoryChecks value={facts.categories} onChange={(v) => set('categories', v)} testId="test-categories" />
        </Col>
        <Col xs={24} md={8}>
          <div>{t('loanProducts.test.goodCredit')}</div>
          <Switch checked={facts.goodCredit} onChange={(v) => set('goodCredit', v)} data-testid="test-good-credit" />
        </Col>
      </Row>
      <Space style={{ margin: '16px 0' }}>
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate()} data-testid="test-run">{t('loanProducts.test.run')}</Button>
      </Space>
      <ErrorBanner error={run.error} />
      {last === null ? (
        <Empty description={t('loanProducts.test.empty')} />
      ) : (
        <>
          {last.key !== currentKey && <Alert type="warning" showIcon title={t('loanProducts.test.stale')} style={{ marginBottom: 12 }} data-testid="test-stale" />}
          <EligibilityExplanation result={last.result} testId="test-result" />
        </>
      )}
    </Card>
  );
}
