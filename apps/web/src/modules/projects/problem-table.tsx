import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PROBLEM_SEVERITY_LABELS, PROBLEM_STATE_LABELS, PROBLEM_STATES, type ProblemState } from '@zhengqi/contracts/problems';
import type { ProblemSummary } from '@zhengqi/contracts/projects';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, qs } from '../../app/api-client';
import type { Page } from '../../app/list-kit';
import { pick } from './project-messages';
import { useReferenceLabel } from '../../app/reference-lists';

const STATE_COLOR: Record<ProblemState, string> = {
  collected: 'default',
  assigned: 'blue',
  in_progress: 'processing',
  feedback_submitted: 'cyan',
  awaiting_closure: 'gold',
  closed: 'green',
  rejected: 'default',
};
const SEVERITY_COLOR = { general: 'default', major: 'orange', critical: 'red' } as const;

/** A problem's state as a coloured tag (已销号 / Closed …). */
export function ProblemStateTag({ state, testId }: { state: ProblemState; testId?: string }) {
  const { i18n } = useTranslation();
  return <Tag color={STATE_COLOR[state]} data-testid={testId}>{pick(PROBLEM_STATE_LABELS[state], i18n.language === 'en')}</Tag>;
}

/** A problem's severity (一般 / 较大 / 重大) as a tag. */
export function SeverityTag({ severity }: { severity: ProblemSummary['severity'] }) {
  const { i18n } = useTranslation();
  return <Tag color={SEVERITY_COLOR[severity]}>{pick(PROBLEM_SEVERITY_LABELS[severity], i18n.language === 'en')}</Tag>;
}

/** The deadline, in red with the working days overdue when it has passed and there is no feedback yet. */
export function DeadlineText({ deadline, overdue, daysOverdue, provisional }: { deadline: string | null; overdue: boolean; daysOverdue?: number; provisional: boolean }) {
  const { t } = useTranslation();
  if (deadline === null) {
    return <>—</>;
  }
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} data-testid={overdue ? 'problem-overdue' : undefined}>
      {deadline}
      {overdue && ` · ${daysOverdue === undefined ? t('projects.problem.overdue') : t('projects.board.overdueDays', { days: daysOverdue })}`}
      {provisional && ` ${t('projects.board.provisional')}`}
    </Typography.Text>
  );
}

/** Problems in a table: overdue rows red; a row opens the problem. */
export function ProblemTable({ items, loading, pagination, testId, showProject = true }: {
  items: ProblemSummary[];
  loading: boolean;
  pagination: false | Record<string, unknown>;
  testId: string;
  showProject?: boolean;
}) {
  const { t } = useTranslation();
  const categoryLabel = useReferenceLabel('problem_category');
  const navigate = useNavigate();
  const columns: ColumnsType<ProblemSummary> = [
    { title: t('projects.problem.number'), dataIndex: 'number', width: 140 },
    {
      title: t('projects.problem.title'),
      dataIndex: 'title',
      width: 240,
      ellipsis: true,
      render: (v: string, r) => <Link to={`/problems/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link>,
    },
    ...(showProject ? [{ title: t('projects.problem.project'), dataIndex: 'projectName', width: 220, ellipsis: true }] : []),
    { title: t('projects.problem.category'), dataIndex: 'category', width: 110, render: (v: ProblemSummary['category']) => categoryLabel(v) },
    { title: t('projects.problem.severity'), dataIndex: 'severity', width: 90, render: (v: ProblemSummary['severity']) => <SeverityTag severity={v} /> },
    { title: t('projects.problem.state'), dataIndex: 'state', width: 110, render: (v: ProblemState) => <ProblemStateTag state={v} /> },
    { title: t('projects.problem.unit'), dataIndex: 'unitName', width: 180, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('projects.problem.deadline'),
      dataIndex: 'deadline',
      width: 150,
      render: (_: unknown, r) => <DeadlineText deadline={r.deadline} overdue={r.overdue} daysOverdue={r.daysOverdue} provisional={r.deadlineProvisional} />,
    },
    { title: t('projects.problem.reopenings'), dataIndex: 'reopenings', width: 90, align: 'right' },
  ];
  return (
    <div data-testid={testId}>
      <Table<ProblemSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={pagination}
        scroll={{ x: 1200 }}
        onRow={(r) => ({
          onClick: () => void navigate(`/problems/${r.id}`),
          style: { cursor: 'pointer', ...(r.overdue ? { background: '#fff1f0' } : {}) },
        })}
      />
    </div>
  );
}

/** How many problems of the jurisdiction are in each state (one count query per state). */
export function useProblemCounts(): { counts: Record<ProblemState, number> | null; loading: boolean } {
  const results = useQueries({
    queries: PROBLEM_STATES.map((state) => ({
      queryKey: ['problems', 'count', state],
      queryFn: () => api<Page<ProblemSummary>>('GET', `/api/v1/problems${qs({ state, page: 1, pageSize: 1 })}`),
    })),
  });
  if (results.some((r) => r.data === undefined)) {
    return { counts: null, loading: results.some((r) => r.isLoading) };
  }
  const counts = Object.fromEntries(PROBLEM_STATES.map((s, i) => [s, results[i]?.data?.total ?? 0])) as Record<ProblemState, number>;
  return { counts, loading: false };
}
