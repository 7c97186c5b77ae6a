import { Badge, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { ProblemSummary } from '@zhengqi/contracts/projects';
import type { InboxItem, InboxPage } from '@zhengqi/contracts/supervision';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../app/api-client';
import { ErrorBanner, QueryState, type Page } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { can } from '../../app/session';
import { formatShanghai } from '../../app/shanghai-time';
import './bulletin-messages';
import { OverdueProceduresCard, ReportsDueCard } from './inbox-cards';
import { ProblemTable } from './problem-table';

const WAITING_PAGE_SIZE = 100;

/** Problems waiting for the caller: those on which the server says the caller can act now, overdue first. */
function WaitingProblems() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['problems', 'waiting', 'me'],
    queryFn: () => api<Page<ProblemSummary>>('GET', `/api/v1/problems${qs({ waitingFor: 'me', page: 1, pageSize: WAITING_PAGE_SIZE })}`),
  });
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  return (
    <Card size="small" title={`${t('bulletins.inbox.waiting')} (${total})`} data-testid="inbox-waiting">
      <Typography.Paragraph type="secondary">{t('bulletins.inbox.waitingHint')}</Typography.Paragraph>
      <QueryState query={query}>
        {items.length === 0
          ? <Typography.Text type="secondary">{t('bulletins.inbox.none')}</Typography.Text>
          : <ProblemTable items={items} loading={query.isFetching} pagination={{ pageSize: 20, hideOnSinglePage: true }} testId="inbox-waiting-table" />}
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

/** My tasks (我的待办): notifications, the problems waiting for the caller's step, reports due and overdue procedures. */
export function InboxPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('bulletins.inbox.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Notifications />
        <WaitingProblems />
        {can(me, 'project.read') && <ReportsDueCard me={me} />}
        {can(me, 'project.read') && <OverdueProceduresCard />}
      </Space>
    </>
  );
}
