import { CalculatorOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Switch, Table, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { LOAN_CHANNEL_LABELS, LOAN_STATE_LABELS, LOAN_STATES, type LoanState, type LoanSummary } from '@zhengqi/contracts/loan-applications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ColumnChooser, chosenColumns, type ColumnDef } from '../../app/column-chooser';
import { ExportButton } from '../../app/export-button';
import { QueryState, exportListToExcel, usePagedList } from '../../app/list-kit';
import { ListSearch, PageHeader } from '../../app/list-page';
import { RegionFilter, regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { can } from '../../app/session';
import { fenToWan, pick, rateText, wanText } from './loan-format';
import { GreenChannelTag, LoanStateTag, StepDeadline } from './loan-tags';

type LoanFilters = { q?: string; state?: LoanState; region?: string; overdue?: 'true'; waitingFor?: 'me' };

type ColumnKey =
  | 'number' | 'entity' | 'kind' | 'region' | 'version' | 'appliedOn' | 'state' | 'channel' | 'priority'
  | 'requested' | 'approved' | 'disbursed' | 'outstanding' | 'rate' | 'deadline';
// The step deadline sits next to the state: at 1366 px it must be visible without scrolling.
const ALL_COLUMNS: readonly ColumnKey[] = ['number', 'entity', 'kind', 'region', 'version', 'appliedOn', 'state', 'deadline', 'channel', 'priority', 'requested', 'approved', 'disbursed', 'outstanding', 'rate'];
const DEFAULT_COLUMNS: readonly ColumnKey[] = ['number', 'entity', 'region', 'appliedOn', 'state', 'deadline', 'requested', 'approved', 'outstanding', 'rate'];

/** The special-loan applications (稳岗扩岗专项贷款): filters, search, server paging, a column chooser and export; a row opens the detail. */
export function LoanListPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const { regions } = useJurisdictionRegions(me);
  const list = usePagedList<LoanSummary, LoanFilters>('loans', '/api/v1/loans/applications', {});
  const [shown, setShown] = useState<ColumnKey[]>([...DEFAULT_COLUMNS]);
  const f = list.filters;
  const setFilter = (patch: Partial<LoanFilters>) => list.setFilters({ ...f, ...patch });

  const regionName = (code: string) => {
    const r = regions.find((x) => x.code === code);
    return r === undefined ? code : regionLabel(r, en);
  };
  const wan = (fen: number | null) => wanText(fen, en);
  const wanValue = (fen: number | null) => (fen === null ? null : Math.round(fenToWan(fen) * 100) / 100);
  const stateName = (s: LoanState) => pick(LOAN_STATE_LABELS[s], en);

  const defs: Record<ColumnKey, ColumnDef<LoanSummary>> = {
    number: { title: t('loans.fields.number'), width: 135, render: (l) => l.number, value: (l) => l.number },
    entity: {
      ellipsis: true,
      title: t('loans.fields.entity'),
      width: 230,
      render: (l) => <Link to={`/loans/${l.id}`} onClick={(e) => e.stopPropagation()}>{l.entityName}</Link>,
      value: (l) => l.entityName,
    },
    kind: { title: t('loans.fields.kind'), width: 100, render: (l) => t(`loans.kind.${l.applicantKind}`), value: (l) => t(`loans.kind.${l.applicantKind}`) },
    region: { ellipsis: true, title: t('loans.fields.region'), width: 110, render: (l) => regionName(l.regionCode), value: (l) => regionName(l.regionCode) },
    version: { title: t('loans.fields.version'), width: 80, render: (l) => l.productVersion, value: (l) => l.productVersion },
    appliedOn: { title: t('loans.fields.appliedOn'), width: 110, render: (l) => l.appliedOn, value: (l) => l.appliedOn },
    state: { title: t('loans.fields.state'), width: 120, render: (l) => <LoanStateTag state={l.state} />, value: (l) => stateName(l.state) },
    channel: { ellipsis: true, title: t('loans.fields.channel'), width: 150, render: (l) => pick(LOAN_CHANNEL_LABELS[l.channel], en), value: (l) => pick(LOAN_CHANNEL_LABELS[l.channel], en) },
    priority: { title: t('loans.fields.priority'), width: 90, render: (l) => <GreenChannelTag priority={l.priority} />, value: (l) => (l.priority ? t('common.yes') : t('common.no')) },
    requested: { title: t('loans.fields.requested'), width: 130, right: true, render: (l) => wan(l.requestedAmountFen), value: (l) => wanValue(l.requestedAmountFen) },
    approved: { title: t('loans.fields.approved'), width: 130, right: true, render: (l) => wan(l.approvedAmountFen), value: (l) => wanValue(l.approvedAmountFen) },
    disbursed: { title: t('loans.fields.disbursed'), width: 130, right: true, render: (l) => wan(l.disbursedFen), value: (l) => wanValue(l.disbursedFen) },
    outstanding: { title: t('loans.fields.outstanding'), width: 130, right: true, render: (l) => wan(l.outstandingFen), value: (l) => wanValue(l.outstandingFen) },
    rate: { title: t('loans.fields.rate'), width: 80, right: true, render: (l) => rateText(l.annualRate), value: (l) => l.annualRate },
    deadline: {
      title: t('loans.fields.deadline'),
      width: 170,
      render: (l) => <StepDeadline deadline={l.stepDeadline} overdue={l.overdue} daysOverdue={l.daysOverdue} />,
      value: (l) => (l.stepDeadline === null ? null : l.overdue ? `${l.stepDeadline} ${t('loans.overdueDays', { days: l.daysOverdue })}` : l.stepDeadline),
    },
  };
  const { columns, exportColumns, scrollX } = chosenColumns(ALL_COLUMNS, shown, defs);
  const exportXlsx = () => exportListToExcel('/api/v1/loans/applications', f, t('loans.list.exportStem'), exportColumns);

  const items = list.query.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('loans.list.title')}>
        {can(me, 'loan.apply') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/loans/new')} data-testid="loan-create">{t('loans.list.create')}</Button>
        )}
        <Button icon={<CalculatorOutlined />} onClick={() => void navigate('/loans/calculator')} data-testid="loan-calculator-open">{t('loans.nav.calculator')}</Button>
        <ColumnChooser all={ALL_COLUMNS} shown={shown} onChange={setShown} titles={defs} locked="entity" label={t('loans.list.columns')} testId="loan-columns" />
        <ExportButton onExport={exportXlsx} testId="loan-export" />
      </PageHeader>

      <Space wrap style={{ marginBottom: 12 }}>
        <ListSearch placeholder={t('loans.list.searchPlaceholder')} width={250} testId="loan-search" onSearch={(q) => setFilter({ q })} />
        <Select
          allowClear
          placeholder={t('loans.list.filterState')}
          aria-label={t('loans.list.filterState')}
          value={f.state}
          onChange={(v: LoanState | undefined) => setFilter({ state: v })}
          options={LOAN_STATES.map((s) => ({ value: s, label: stateName(s) }))}
          style={{ width: 140 }}
          popupMatchSelectWidth={false}
          data-testid="loan-filter-state"
        />
        <RegionFilter regions={regions} value={f.region} onChange={(v) => setFilter({ region: v })} placeholder={t('loans.list.filterRegion')} width={150} testId="loan-filter-region" />
        <Space size={4}>
          <Switch size="small" checked={f.overdue === 'true'} onChange={(v) => setFilter({ overdue: v ? 'true' : undefined })} data-testid="loan-filter-overdue" />
          <Typography.Text>{t('loans.list.overdueOnly')}</Typography.Text>
        </Space>
        <Space size={4}>
          <Switch size="small" checked={f.waitingFor === 'me'} onChange={(v) => setFilter({ waitingFor: v ? 'me' : undefined })} data-testid="loan-filter-waiting" />
          <Typography.Text>{t('loans.list.waitingForMe')}</Typography.Text>
        </Space>
        <Button onClick={() => list.setFilters({})} data-testid="loan-filter-reset">{t('common.reset')}</Button>
      </Space>

      <QueryState query={list.query} isEmpty={items.length === 0 && !list.query.isFetching}>
        <div data-testid="loan-table">
          <Table<LoanSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            loading={list.query.isFetching}
            pagination={{ ...list.pagination, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: scrollX }}
            onRow={(r) => ({ onClick: () => void navigate(`/loans/${r.id}`), style: { cursor: 'pointer' } })}
          />
        </div>
      </QueryState>
    </>
  );
}
