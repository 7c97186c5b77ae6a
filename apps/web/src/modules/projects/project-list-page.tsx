import { BarChartOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, Space, Table } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import {
  PROJECT_CLASSES, PROJECT_CLASS_LABELS, PROJECT_LEVEL_LABELS, PROJECT_STATUS_LABELS,
  type ProjectSummary,
} from '@zhengqi/contracts/projects';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ColumnChooser, chosenColumns, type ColumnDef } from '../../app/column-chooser';
import { ExportButton } from '../../app/export-button';
import { QueryState, exportListToExcel, usePagedList } from '../../app/list-kit';
import { ListSearch, PageHeader } from '../../app/list-page';
import { RegionFilter, regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { fenToWan, percentText, pick } from './project-messages';
import { useReferenceLabel, useReferenceOptions } from '../../app/reference-lists';

type ProjectFilters = { q?: string; region?: string; year?: number; class?: ProjectSummary['class']; sector?: ProjectSummary['sector'] };

type ColumnKey =
  | 'number' | 'name' | 'region' | 'owner' | 'class' | 'level' | 'sector' | 'totalInvestment' | 'annualPlan' | 'completedThisYear'
  | 'completionRate' | 'plannedStartOn' | 'actualStartOn' | 'status' | 'location';
const DEFAULT_COLUMNS: readonly ColumnKey[] = ['number', 'name', 'region', 'class', 'level', 'sector', 'totalInvestment', 'annualPlan', 'completedThisYear', 'completionRate', 'status'];
const ALL_COLUMNS: readonly ColumnKey[] = [
  'number', 'name', 'region', 'owner', 'class', 'level', 'sector', 'totalInvestment', 'annualPlan', 'completedThisYear', 'completionRate', 'plannedStartOn', 'actualStartOn', 'status', 'location',
];

/** Completed this year ÷ annual plan, one decimal; null without a plan (the server's rule for the totals). */
function completionRate(p: ProjectSummary): number | null {
  return p.annualPlanFen === 0 ? null : Math.round((p.completedThisYearFen / p.annualPlanFen) * 1000) / 10;
}

/** The key-project list (重点项目): filters, search, server paging, a column chooser and export; a row opens the detail. */
export function ProjectListPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const sectorLabel = useReferenceLabel('project_sector');
  const sectorOptions = useReferenceOptions('project_sector');
  const navigate = useNavigate();
  const { regions } = useJurisdictionRegions(me);
  const list = usePagedList<ProjectSummary, ProjectFilters>('projects', '/api/v1/projects', {});
  const [shown, setShown] = useState<ColumnKey[]>([...DEFAULT_COLUMNS]);
  const f = list.filters;
  const setFilter = (patch: Partial<ProjectFilters>) => list.setFilters({ ...f, ...patch });

  const regionName = (code: string, fallback: string) => {
    const r = regions.find((x) => x.code === code);
    return r === undefined ? fallback : regionLabel(r, en);
  };
  const wan = (fen: number) => fenToWan(fen).toLocaleString(en ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 2 });

  const defs: Record<ColumnKey, ColumnDef<ProjectSummary>> = {
    number: { title: t('projects.fields.number'), width: 130, render: (p) => p.number, value: (p) => p.number },
    name: {
      ellipsis: true,
      title: t('projects.fields.name'),
      width: 240,
      render: (p) => <Link to={`/projects/${p.id}`} onClick={(e) => e.stopPropagation()}>{p.name}</Link>,
      value: (p) => p.name,
    },
    region: { title: t('projects.fields.region'), width: 120, render: (p) => regionName(p.regionCode, p.regionName), value: (p) => regionName(p.regionCode, p.regionName) },
    owner: { ellipsis: true, title: t('projects.fields.owner'), width: 220, render: (p) => p.ownerName ?? '—', value: (p) => p.ownerName },
    class: { title: t('projects.fields.class'), width: 90, render: (p) => pick(PROJECT_CLASS_LABELS[p.class], en), value: (p) => pick(PROJECT_CLASS_LABELS[p.class], en) },
    level: { title: t('projects.fields.level'), width: 80, render: (p) => pick(PROJECT_LEVEL_LABELS[p.level], en), value: (p) => pick(PROJECT_LEVEL_LABELS[p.level], en) },
    sector: { title: t('projects.fields.sector'), width: 120, render: (p) => sectorLabel(p.sector), value: (p) => sectorLabel(p.sector) },
    totalInvestment: { title: t('projects.fields.totalInvestment'), width: 130, right: true, render: (p) => wan(p.totalInvestmentFen), value: (p) => fenToWan(p.totalInvestmentFen) },
    annualPlan: { title: t('projects.fields.annualPlan'), width: 140, right: true, render: (p) => wan(p.annualPlanFen), value: (p) => fenToWan(p.annualPlanFen) },
    completedThisYear: { title: t('projects.fields.completedThisYear'), width: 140, right: true, render: (p) => wan(p.completedThisYearFen), value: (p) => fenToWan(p.completedThisYearFen) },
    completionRate: { title: t('projects.fields.completionRate'), width: 120, right: true, render: (p) => percentText(completionRate(p)), value: (p) => completionRate(p) },
    plannedStartOn: { title: t('projects.fields.plannedStartOn'), width: 110, render: (p) => p.plannedStartOn ?? '—', value: (p) => p.plannedStartOn },
    actualStartOn: { title: t('projects.fields.actualStartOn'), width: 110, render: (p) => p.actualStartOn ?? '—', value: (p) => p.actualStartOn },
    status: { title: t('projects.fields.status'), width: 100, render: (p) => pick(PROJECT_STATUS_LABELS[p.status], en), value: (p) => pick(PROJECT_STATUS_LABELS[p.status], en) },
    location: { ellipsis: true, title: t('projects.fields.location'), width: 180, render: (p) => p.location, value: (p) => p.location },
  };
  const { columns, exportColumns, scrollX } = chosenColumns(ALL_COLUMNS, shown, defs);
  const exportXlsx = () => exportListToExcel('/api/v1/projects', f, t('projects.exportStem'), exportColumns);

  const items = list.query.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('projects.title')}>
        <Button icon={<BarChartOutlined />} onClick={() => void navigate('/projects/dashboard')} data-testid="project-dashboard-open">
          {t('projects.openDashboard')}
        </Button>
        <Button onClick={() => void navigate('/procedures/overdue')} data-testid="project-overdue-procedures-open">{t('projectParts.overdue.open')}</Button>
        <ColumnChooser all={ALL_COLUMNS} shown={shown} onChange={setShown} titles={defs} locked="name" label={t('projects.columns')} testId="project-columns" />
        <ExportButton onExport={exportXlsx} testId="project-export" />
      </PageHeader>

      <Space wrap style={{ marginBottom: 12 }}>
        <ListSearch placeholder={t('projects.searchPlaceholder')} width={260} testId="project-search" onSearch={(q) => setFilter({ q })} />
        <RegionFilter regions={regions} value={f.region} onChange={(v) => setFilter({ region: v })} placeholder={t('projects.filter.region')} testId="project-filter-region" />
        <InputNumber
          placeholder={t('projects.filter.year')}
          aria-label={t('projects.filter.year')}
          min={2000}
          max={2100}
          value={f.year ?? null}
          onChange={(v) => setFilter({ year: v ?? undefined })}
          style={{ width: 100 }}
          data-testid="project-filter-year"
        />
        <Select
          allowClear
          placeholder={t('projects.filter.class')}
          aria-label={t('projects.filter.class')}
          value={f.class}
          onChange={(v: ProjectSummary['class'] | undefined) => setFilter({ class: v })}
          options={PROJECT_CLASSES.map((c) => ({ value: c, label: pick(PROJECT_CLASS_LABELS[c], en) }))}
          style={{ width: 120 }}
          data-testid="project-filter-class"
        />
        <Select
          allowClear
          placeholder={t('projects.filter.sector')}
          aria-label={t('projects.filter.sector')}
          value={f.sector}
          onChange={(v: ProjectSummary['sector'] | undefined) => setFilter({ sector: v })}
          options={sectorOptions}
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          data-testid="project-filter-sector"
        />
        <Button onClick={() => list.setFilters({})} data-testid="project-filter-reset">{t('common.reset')}</Button>
      </Space>

      <QueryState query={list.query} isEmpty={items.length === 0 && !list.query.isFetching}>
        <div data-testid="project-table">
          <Table<ProjectSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            loading={list.query.isFetching}
            pagination={{ ...list.pagination, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: scrollX }}
            onRow={(r) => ({ onClick: () => void navigate(`/projects/${r.id}`), style: { cursor: 'pointer' } })}
          />
        </div>
      </QueryState>
    </>
  );
}
