import { ArrowLeftOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import {
  PROJECT_CLASS_LABELS, PROJECT_LEVEL_LABELS, PROJECT_STATUS_LABELS,
  type ProblemSummary, type ProgressReport, type ProjectDetail,
} from '@zhengqi/contracts/projects';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, qs } from '../../app/api-client';
import { Attachments } from '../../app/attachments';
import { PageHeader } from '../../app/list-page';
import { QueryState, type Page } from '../../app/list-kit';
import { can } from '../../app/session';
import { formatShanghai } from '../../app/shanghai-time';
import { InvestmentChart } from './investment-chart';
import { ProblemTable } from './problem-table';
import { ProjectOfficials } from './project-officials';
import { ProjectParties } from './project-parties';
import { ProjectProcedures } from './project-procedures';
import { fenToWan, percentText, pick } from './project-messages';
import { RaiseProblemModal } from './raise-problem-modal';
import { useReferenceLabel } from '../../app/reference-lists';

/** One key project: overview, the year's investment chart, monthly progress reports and its problems. */
export function ProjectDetailPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const sectorLabel = useReferenceLabel('project_sector');
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [raising, setRaising] = useState(false);
  const query = useQuery({ queryKey: ['project', id], queryFn: () => api<ProjectDetail>('GET', `/api/v1/projects/${encodeURIComponent(id)}`) });
  const readProblems = can(me, 'problem.read');
  const problems = useQuery({
    queryKey: ['problems', 'of-project', id],
    queryFn: () => api<Page<ProblemSummary>>('GET', `/api/v1/problems${qs({ projectId: id, page: 1, pageSize: 200 })}`),
    enabled: readProblems,
  });
  const p = query.data;
  const wan = (fen: number) => fenToWan(fen).toLocaleString(en ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 2 });

  const reportColumns: ColumnsType<ProgressReport> = [
    { title: t('projects.detail.month'), dataIndex: 'month', width: 100 },
    { title: t('projects.detail.investment'), dataIndex: 'investmentCompletedFen', width: 160, align: 'right', render: (v: number) => wan(v) },
    { title: t('projects.detail.stage'), dataIndex: 'stage' },
    { title: t('projects.detail.percent'), dataIndex: 'percent', width: 110, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
  ];

  return (
    <>
      <PageHeader title={p === undefined ? t('projects.detail.title') : `${p.number} ${p.name}`}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/projects')}>{t('common.back')}</Button>
        {can(me, 'problem.report') && p !== undefined && (
          <Button type="primary" icon={<ExclamationCircleOutlined />} onClick={() => setRaising(true)} data-testid="project-raise-problem">
            {t('projects.detail.raise')}
          </Button>
        )}
      </PageHeader>
      <QueryState query={query}>
        {p !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('projects.detail.overview')} size="small">
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="project-overview">
                <Descriptions.Item label={t('projects.fields.number')}>{p.number}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.name')}>{p.name}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.region')}>{p.regionName}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.owner')}>{p.ownerName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.class')}>{pick(PROJECT_CLASS_LABELS[p.class], en)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.level')}>{pick(PROJECT_LEVEL_LABELS[p.level], en)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.sector')}>{sectorLabel(p.sector)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.status')}>{pick(PROJECT_STATUS_LABELS[p.status], en)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.year')}>{p.year}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.totalInvestment')}>{wan(p.totalInvestmentFen)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.annualPlan')}>{wan(p.annualPlanFen)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.completedThisYear')}>{wan(p.completedThisYearFen)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.completionRate')}>
                  {percentText(p.annualPlanFen === 0 ? null : Math.round((p.completedThisYearFen / p.annualPlanFen) * 1000) / 10)}
                </Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.plannedStartOn')}>{p.plannedStartOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.actualStartOn')}>{p.actualStartOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.plannedCompletionOn')}>{p.plannedCompletionOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.actualCompletionOn')}>{p.actualCompletionOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.location')}>{p.location}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.updatedAt')}>{formatShanghai(p.updatedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.fields.description')} span="filled">{p.description}</Descriptions.Item>
              </Descriptions>
            </Card>
            <ProjectOfficials projectId={id} canWrite={can(me, 'project.write')} />
            <ProjectParties projectId={id} canWrite={can(me, 'project.write')} />
            <ProjectProcedures projectId={id} canWrite={can(me, 'project.write')} />
            <Card title={`${t('projects.detail.chart')} (${p.year})`} size="small">
              <InvestmentChart project={p} />
            </Card>
            <Card title={t('projects.detail.reports')} size="small">
              <Table<ProgressReport>
                rowKey="month"
                size="small"
                columns={reportColumns}
                dataSource={[...p.progressReports].sort((a, b) => b.month.localeCompare(a.month))}
                pagination={false}
                expandable={{ expandedRowRender: (r) => <ReportFiles projectId={id} month={r.month} /> }}
                data-testid="project-reports"
              />
            </Card>
            {readProblems && (
              <Card title={t('projects.detail.problems')} size="small">
                <QueryState query={problems} isEmpty={problems.data?.items.length === 0}>
                  <ProblemTable items={problems.data?.items ?? []} loading={problems.isFetching} pagination={false} testId="project-problems" showProject={false} />
                </QueryState>
              </Card>
            )}
          </Space>
        )}
      </QueryState>
      {raising && <RaiseProblemModal projectId={id} onClose={() => setRaising(false)} />}
    </>
  );
}

/** The photos and attachments of one monthly progress report (shown when its row is expanded). */
function ReportFiles({ projectId, month }: { projectId: string; month: string }) {
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/progress/${month}/files`;
  return (
    <Attachments
      source={{ queryKey: ['project', projectId, 'progress', month, 'files'], listUrl: url, uploadUrl: (purpose) => `${url}?purpose=${purpose}` }}
      purposes={['photo', 'attachment']}
      testId={`report-files-${month}`}
    />
  );
}
