import { Button, Card, Table, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { OverdueProcedures } from '@zhengqi/contracts/project-parts';
import type { MissingProgress } from '@zhengqi/contracts/projects';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../app/api-client';
import { QueryState } from '../../app/list-kit';
import { todayShanghai } from '../../app/shanghai-time';
import './bulletin-messages';
import { ProcedureDeadline } from './project-procedures';
import { useReferenceLabel } from '../../app/reference-lists';

/** The month whose progress report is due now: the month just ended (reports are filed after the month closes). */
export function reportMonthDue(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Overdue procedures in the caller's scope, most overdue first, with a link to the supervision list. */
export function OverdueProceduresCard() {
  const { t } = useTranslation();
  const kindLabel = useReferenceLabel('procedure_kind');
  const query = useQuery({ queryKey: ['procedures', 'overdue', undefined], queryFn: () => api<OverdueProcedures>('GET', '/api/v1/procedures/overdue') });
  const items = query.data?.items ?? [];
  return (
    <Card
      size="small"
      title={`${t('bulletins.inbox.procedures')} (${query.data?.total ?? 0})`}
      extra={<Link to="/procedures/overdue">{t('bulletins.inbox.allProcedures')}</Link>}
      data-testid="inbox-procedures"
    >
      <Typography.Paragraph type="secondary">{t('bulletins.inbox.proceduresHint')}</Typography.Paragraph>
      <QueryState query={query}>
        {items.length === 0
          ? <Typography.Text type="secondary">{t('bulletins.inbox.proceduresNone')}</Typography.Text>
          : (
            <Table
              size="small"
              rowKey="id"
              dataSource={items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 720 }}
              columns={[
                { title: t('bulletins.inbox.project'), key: 'project', ellipsis: true, render: (_: unknown, r) => <Link to={`/projects/${r.projectId}`}>{r.projectNumber} {r.projectName}</Link> },
                { title: t('bulletins.inbox.procedure'), key: 'kind', width: 140, render: (_: unknown, r) => kindLabel(r.kind) },
                { title: t('bulletins.inbox.deadline'), key: 'deadline', width: 220, render: (_: unknown, r) => <ProcedureDeadline p={r} /> },
              ]}
            />
          )}
      </QueryState>
    </Card>
  );
}

/** Projects under construction in the caller's scope with no progress report for the month just ended. */
export function ReportsDueCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const month = reportMonthDue(todayShanghai(me.fakeNow));
  const query = useQuery({ queryKey: ['projects', 'progress', 'missing', month], queryFn: () => api<MissingProgress>('GET', `/api/v1/projects/progress/missing${qs({ month })}`) });
  const items = query.data?.items ?? [];
  return (
    <Card size="small" title={`${t('bulletins.inbox.reports')} (${query.data?.total ?? 0})`} data-testid="inbox-reports">
      <Typography.Paragraph type="secondary">{t('bulletins.inbox.reportsHint', { month })}</Typography.Paragraph>
      <QueryState query={query}>
        {items.length === 0
          ? <Typography.Text type="secondary">{t('bulletins.inbox.reportsNone', { month })}</Typography.Text>
          : (
            <Table
              size="small"
              rowKey="id"
              dataSource={items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('bulletins.inbox.project'), key: 'project', ellipsis: true, render: (_: unknown, r) => <Link to={`/projects/${r.id}`}>{r.number} {r.name}</Link> },
                { title: t('bulletins.inbox.started'), dataIndex: 'actualStartOn', width: 120, render: (v: string | null) => v ?? '—' },
                { title: '', key: 'open', width: 90, render: (_: unknown, r) => <Link to={`/projects/${r.id}`}><Button size="small">{t('bulletins.inbox.open')}</Button></Link> },
              ]}
            />
          )}
      </QueryState>
    </Card>
  );
}
