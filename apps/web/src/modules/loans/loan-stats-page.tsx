import { Card, Col, Empty, Row, Select, Space, Statistic } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { LOAN_STATE_LABELS, LOAN_STATES, type LoanStatsDetail } from '@zhengqi/contracts/loan-applications';
import { LOAN_CATEGORY_LABELS } from '@zhengqi/contracts/loans';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api-client';
import { EChart } from '../../app/echart';
import { QueryState } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { regionLabel, useJurisdictionRegions, useRegionName } from '../../app/region-select';
import { pick } from './loan-format';

type Bucket = LoanStatsDetail['byBank'][number];

/** The product versions the programme has had, named by their year (the demo data ships these two). */
export const LOAN_VERSIONS = ['2023', '2025'] as const;
const PRODUCT = 'stable-employment';

/** 万元 with two decimals, as a number for a chart. */
function wan(fen: number): number {
  return Math.round(fen / 10_000) / 100;
}

/** Count (bars, left axis) and amount in 万元 (bars, right axis) per bucket; empty buckets say so. */
function BucketChart({ buckets, name, testId, title, horizontal }: { buckets: readonly Bucket[]; name: (key: string) => string; testId: string; title: string; horizontal?: boolean }) {
  const { t } = useTranslation();
  if (buckets.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.stats.empty')} />;
  }
  const names = buckets.map((b) => name(b.key));
  const category = { type: 'category', data: names, axisLabel: { width: 110, overflow: 'truncate', interval: 0 } };
  const values = [
    { type: 'value', name: t('loans.stats.count'), minInterval: 1 },
    { type: 'value', name: t('loans.stats.amount'), splitLine: { show: false } },
  ];
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: horizontal === true ? { left: 120, right: 48, top: 48, bottom: 24 } : { left: 48, right: 64, top: 48, bottom: 48 },
    ...(horizontal === true
      ? { yAxis: { ...category, inverse: true }, xAxis: values.map((v, i) => ({ ...v, position: i === 0 ? 'bottom' : 'top' })) }
      : { xAxis: category, yAxis: values }),
    series: [
      { type: 'bar', name: t('loans.stats.count'), barMaxWidth: 18, itemStyle: { color: '#5b8ff9' }, [horizontal === true ? 'xAxisIndex' : 'yAxisIndex']: 0, data: buckets.map((b) => b.count) },
      { type: 'bar', name: t('loans.stats.amount'), barMaxWidth: 18, itemStyle: { color: '#b71c1c' }, [horizontal === true ? 'xAxisIndex' : 'yAxisIndex']: 1, data: buckets.map((b) => wan(b.amountFen)) },
    ],
  };
  return <EChart option={option} height={horizontal === true ? Math.max(220, 80 + buckets.length * 36) : 300} testId={testId} label={title} />;
}

/** Loans issued by month: amount (bars) and count (line). */
function MonthChart({ months }: { months: readonly Bucket[] }) {
  const { t } = useTranslation();
  if (months.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.stats.empty')} />;
  }
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 48, top: 48, bottom: 56 },
    dataZoom: months.length > 24 ? [{ type: 'slider', height: 16, bottom: 8 }] : [],
    xAxis: { type: 'category', data: months.map((m) => m.key) },
    yAxis: [
      { type: 'value', name: t('loans.stats.amount') },
      { type: 'value', name: t('loans.stats.count'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: t('loans.stats.amount'), barMaxWidth: 24, itemStyle: { color: '#b71c1c' }, data: months.map((m) => wan(m.amountFen)) },
      { type: 'line', name: t('loans.stats.count'), yAxisIndex: 1, itemStyle: { color: '#5b8ff9' }, data: months.map((m) => m.count) },
    ],
  };
  return <EChart option={option} height={300} testId="loan-stats-by-month" label={t('loans.stats.byMonth')} />;
}

/** The special-loan statistics: issued count and amount, outstanding, jobs sustained; by bank, region, category, month and state; by version and region. */
export function LoanStatsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { regions } = useJurisdictionRegions(me);
  const regionName = useRegionName();
  const [version, setVersion] = useState<string | undefined>(undefined);
  const [region, setRegion] = useState<string | undefined>(undefined);
  const query = useQuery({
    queryKey: ['loans', 'stats', version, region],
    queryFn: () => api<LoanStatsDetail>('GET', `/api/v1/loans/stats/detail${qs({ productCode: PRODUCT, version, region })}`),
    placeholderData: keepPreviousData,
  });
  const s = query.data;
  const categoryName = (key: string) => {
    const label = (LOAN_CATEGORY_LABELS as Record<string, { zh: string; en: string } | undefined>)[key];
    return label === undefined ? key : `${key}. ${pick(label, en)}`;
  };
  const stateBuckets: Bucket[] = s === undefined ? [] : LOAN_STATES.filter((st) => (s.byState[st] ?? 0) > 0).map((st) => ({ key: st, count: s.byState[st] ?? 0, amountFen: 0 }));
  const stateOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 120, right: 48, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: stateBuckets.map((b) => pick(LOAN_STATE_LABELS[b.key as keyof typeof LOAN_STATE_LABELS], en, b.key)) },
    series: [{ type: 'bar', name: t('loans.stats.count'), barMaxWidth: 16, itemStyle: { color: '#5b8ff9' }, label: { show: true, position: 'right' }, data: stateBuckets.map((b) => b.count) }],
  };

  return (
    <>
      <PageHeader title={t('loans.stats.title')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('loans.stats.allVersions')}
          aria-label={t('loans.stats.version')}
          value={version}
          onChange={(v: string | undefined) => setVersion(v)}
          options={LOAN_VERSIONS.map((v) => ({ value: v, label: v }))}
          style={{ width: 130 }}
          data-testid="loan-stats-version"
        />
        <Select
          allowClear
          placeholder={t('loans.stats.region')}
          aria-label={t('loans.stats.region')}
          value={region}
          onChange={(v: string | undefined) => setRegion(v)}
          options={regions.map((r) => ({ value: r.code, label: regionLabel(r, en) }))}
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          data-testid="loan-stats-region"
        />
      </Space>
      <QueryState query={query}>
        {s !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="loan-stats">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('loans.stats.issuedCount')} value={s.issuedCount} data-testid="loan-stats-count" /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('loans.stats.issuedAmount')} value={wan(s.issuedAmountFen)} precision={2} data-testid="loan-stats-amount" /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('loans.stats.outstanding')} value={wan(s.outstandingFen)} precision={2} data-testid="loan-stats-outstanding" /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('loans.stats.jobsSustained')} value={s.jobsSustained} data-testid="loan-stats-jobs" /></Card></Col>
            </Row>
            <Card size="small" title={t('loans.stats.byMonth')}><MonthChart months={s.byMonth} /></Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('loans.stats.byRegion')}>
                  <BucketChart buckets={s.byRegion} name={regionName} testId="loan-stats-by-region" title={t('loans.stats.byRegion')} horizontal />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('loans.stats.byCategory')}>
                  <BucketChart buckets={s.byCategory} name={categoryName} testId="loan-stats-by-category" title={t('loans.stats.byCategory')} horizontal />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('loans.stats.byBank')}>
                  <BucketChart buckets={s.byBank} name={(k) => k} testId="loan-stats-by-bank" title={t('loans.stats.byBank')} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('loans.stats.byState')}>
                  {stateBuckets.length === 0
                    ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                    : <EChart option={stateOption} height={Math.max(220, 40 + stateBuckets.length * 28)} testId="loan-stats-by-state" label={t('loans.stats.byState')} />}
                </Card>
              </Col>
            </Row>
          </Space>
        )}
      </QueryState>
    </>
  );
}

