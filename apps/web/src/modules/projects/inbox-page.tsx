import { Badge, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { ProblemState } from '@zhengqi/contracts/problems';
import type { ProblemSummary } from '@zhengqi/contracts/projects';
import type { InboxItem, InboxPage } from '@zhengqi/contracts/supervision';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../app/api-client';
import { ErrorBanner, QueryState, type Page } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { can } from '../../app/session';
import { formatShanghai } from '../../app/shanghai-time';
import './bulletin-messages';
import { ProblemTable } from './problem-table';

// The problem list does not say which actions the caller may take (only a problem's detail does), so
// "waiting for me" is approximated by the states in which each of the caller's permissions acts:
// problem.dispatch assigns collected problems and closes those awaiting closure, problem.handle
// accepts assigned problems and feeds back those in progress, problem.report confirms fed-back ones.
// The server's row-level security already limits the lists to the caller's jurisdiction.
const STATES_BY_PERMISSION: ReadonlyArray<[Permission, readonly ProblemState[]]> = [
  ['problem.dispatch', ['collected', 'awaiting_closure']],
  ['problem.handle', ['assigned', 'in_progress']],
  ['problem.report', ['feedback_submitted']],
];
const WAITING_PAGE_SIZE = 100;

/** The states in which the caller's roles act on a problem. */
function waitingStates(me: Me): ProblemState[] {
  return STATES_BY_PERMISSION.filter(([p]) => can(me, p)).flatMap(([, states]) => states);
}

/** Problems waiting for the caller: one query per state, merged, overdue first. */
function WaitingProblems({ me }: { me: Me }) {
  const { t } = useTranslation();
  const states = waitingStates(me);
  const results = useQueries({
    queries: states.map((state) => ({
      queryKey: ['problems', 'waiting', state],
      queryFn: () => api<Page<ProblemSummary>>('GET', `/api/v1/problems${qs({ state, page: 1, pageSize: WAITING_PAGE_SIZE })}`),
    })),
  });
  const failed = results.find((r) => r.error !== null);
  const query = {
    isLoading: results.some((r) => r.isLoading),
    error: failed?.error ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
  const items = results
    .flatMap((r) => r.data?.items ?? [])
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
  return (
    <Card size="small" title={`${t('bulletins.inbox.waiting')} (${items.length})`} data-testid="inbox-waiting">
      <Typography.Paragraph type="secondary">{t('bulletins.inbox.waitingHint')}</Typography.Paragraph>
      <QueryState query={query}>
        {items.length === 0
          ? <Typography.Text type="secondary">{t('bulletins.inbox.none')}</Typography.Text>
          : <ProblemTable items={items} loading={results.some((r) => r.isFetching)} pagination={{ pageSize: 20, hideOnSinglePage: true }} testId="inbox-waiting-table" />}
      </QueryState>
    </Card>
  );
}

/** The caller's notifications, unread first, each with mark-as-read and a link to what it is about. */
function Notifications() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useQuery({
    queryKey: ['inbox', page, pageSize],
    queryFn: () => api<InboxPage>('GET', `/api/v1/inbox${qs({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('POST', `/api/v1/inbox/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const columns: ColumnsType<InboxItem> = [
    {
      title: t('bulletins.inbox.messages'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong={r.readAt === null}>{r.readAt === null && <Badge status="processing" />} {v}</Typography.Text>
          <Typography.Text type="secondary">{r.body}</Typography.Text>
        </Space>
      ),
    },
    { title: t('bulletins.inbox.at'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatShanghai(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, r) => (
        <Space>
          {r.link !== null && (
            <Link to={r.link} onClick={() => r.readAt === null && markRead.mutate(r.id)} data-testid="inbox-open">{t('bulletins.inbox.open')}</Link>
          )}
          {r.readAt === null
            ? <Button size="small" type="link" loading={markRead.isPending && markRead.variables === r.id} onClick={() => markRead.mutate(r.id)} data-testid="inbox-mark-read">{t('bulletins.inbox.markRead')}</Button>
            : <Tag>{t('bulletins.inbox.read')}</Tag>}
        </Space>
      ),
    },
  ];
  const unread = query.data?.unread ?? 0;
  return (
    <Card size="small" title={<Space>{t('bulletins.inbox.messages')}<Badge count={unread} data-testid="inbox-unread" /></Space>} extra={unread > 0 && t('bulletins.inbox.unread', { count: unread })}>
      <ErrorBanner error={markRead.error} />
      <QueryState query={query} isEmpty={query.data?.items.length === 0}>
        <Table<InboxItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching}
          pagination={{
            current: page,
            pageSize,
            total: query.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          scroll={{ x: 720 }}
          data-testid="inbox-table"
        />
      </QueryState>
    </Card>
  );
}

/** My tasks (我的待办): notifications and the problems waiting for the caller's step. */
export function InboxPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('bulletins.inbox.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Notifications />
        <WaitingProblems me={me} />
      </Space>
    </>
  );
}
