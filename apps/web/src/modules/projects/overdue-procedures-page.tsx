import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import { PROCEDURE_STATUS_LABELS, type OverdueProcedures } from '@zhengqi/contracts/project-parts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, qs } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { QueryState, datedXlsxName, exportRowsToExcel, type ExportColumn } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { RegionFilter, useJurisdictionRegions } from '../../app/region-select';
import { ProcedureDeadline } from './project-procedures';
import { pick } from './project-messages';
import { useReferenceLabel } from '../../app/reference-lists';

type Row = OverdueProcedures['items'][number];

/** Overdue procedures across projects for special supervision (手续办理专项督导), filterable by region, exportable to Excel. */
export function OverdueProceduresPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const { regions } = useJurisdictionRegions(me);
  const [region, setRegion] = useState<string | undefined>(undefined);
  const query = useQuery({
    queryKey: ['procedures', 'overdue', region],
    queryFn: () => api<OverdueProcedures>('GET', `/api/v1/procedures/overdue${qs({ region })}`),
  });
  const items = query.data?.items ?? [];
  const kindLabel = useReferenceLabel('procedure_kind');
  const kind = (r: Row) => kindLabel(r.kind);
  const status = (r: Row) => pick(PROCEDURE_STATUS_LABELS[r.status], en);

  const columns: ColumnsType<Row> = [
    { title: t('projectParts.overdue.number'), dataIndex: 'projectNumber', width: 130 },
    {
      title: t('projectParts.overdue.project'),
      key: 'project',
      width: 220,
      ellipsis: true,
      render: (_, r) => <Link to={`/projects/${r.projectId}`}>{r.projectName}</Link>,
    },
    { title: t('projectParts.overdue.region'), dataIndex: 'regionName', width: 120 },
    { title: t('projectParts.procedures.kind'), key: 'kind', width: 120, render: (_, r) => kind(r) },
    { title: t('projectParts.procedures.status'), key: 'status', width: 100, render: (_, r) => status(r) },
    { title: t('projectParts.procedures.unit'), dataIndex: 'responsibleUnit', width: 180, ellipsis: true },
    { title: t('projectParts.procedures.appliedOn'), dataIndex: 'appliedOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('projectParts.procedures.limit'), dataIndex: 'limitWorkdays', width: 110, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('projectParts.procedures.deadline'), key: 'deadline', width: 220, render: (_, r) => <ProcedureDeadline p={r} /> },
  ];
  const exportColumns: Array<ExportColumn<Row>> = [
    { title: t('projectParts.overdue.number'), value: (r) => r.projectNumber },
    { title: t('projectParts.overdue.project'), value: (r) => r.projectName },
    { title: t('projectParts.overdue.region'), value: (r) => r.regionName },
    { title: t('projectParts.procedures.kind'), value: kind },
    { title: t('projectParts.procedures.status'), value: status },
    { title: t('projectParts.procedures.unit'), value: (r) => r.responsibleUnit },
    { title: t('projectParts.procedures.appliedOn'), value: (r) => r.appliedOn },
    { title: t('projectParts.procedures.limit'), value: (r) => r.limitWorkdays },
    { title: t('projectParts.procedures.deadline'), value: (r) => r.deadline },
    { title: t('projectParts.overdue.days'), value: (r) => r.daysOverdue },
  ];
  const exportXlsx = async () => {
    const data = await api<OverdueProcedures>('GET', `/api/v1/procedures/overdue${qs({ region })}`);
    await exportRowsToExcel(datedXlsxName(t('projectParts.overdue.exportStem')), exportColumns, data.items);
  };

  return (
    <>
      <PageHeader title={t('projectParts.overdue.title')}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/projects')}>{t('common.back')}</Button>
        <ExportButton onExport={exportXlsx} testId="overdue-procedures-export" />
      </PageHeader>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionFilter regions={regions} value={region} onChange={(v) => setRegion(v)} placeholder={t('projectParts.overdue.region')} testId="overdue-procedures-region" />
      </Space>
      <QueryState query={query} isEmpty={items.length === 0 && !query.isFetching}>
        <Table<Row>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching}
          pagination={{ pageSize: 50, showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 1310 }}
          data-testid="overdue-procedures-table"
        />
      </QueryState>
    </>
  );
}
