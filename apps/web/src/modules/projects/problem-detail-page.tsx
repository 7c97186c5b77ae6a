import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import { PROBLEM_ACTION_LABELS, PROBLEM_STATE_LABELS, type ProblemAction, type ProblemState } from '@zhengqi/contracts/problems';
import type { ProblemDetail } from '@zhengqi/contracts/projects';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api-client';
import { Attachments, type FileSource } from '../../app/attachments';
import { QueryState } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { formatShanghai } from '../../app/shanghai-time';
import { ProblemActionModal } from './problem-action-modal';
import { DeadlineText, ProblemStateTag, SeverityTag } from './problem-table';
import { pick } from './project-messages';
import { useReferenceLabel } from '../../app/reference-lists';

type TimelineEntry = ProblemDetail['timeline'][number];

/** One problem: its facts, the timeline of every step (who, when, what) and only the actions the server offers this user now. */
export function ProblemDetailPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const categoryLabel = useReferenceLabel('problem_category');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const [acting, setActing] = useState<ProblemAction | null>(null);
  const query = useQuery({ queryKey: ['problem', id], queryFn: () => api<ProblemDetail>('GET', `/api/v1/problems/${encodeURIComponent(id)}`) });
  const p = query.data;
  const filesUrl = `/api/v1/problems/${encodeURIComponent(id)}/files`;
  const files: FileSource = { queryKey: ['problem', id, 'files'], listUrl: filesUrl, uploadUrl: (purpose) => `${filesUrl}?purpose=${purpose}` };

  const actionName = (a: string) => (a === 'collect' ? t('projects.problem.collect') : pick((PROBLEM_ACTION_LABELS as Record<string, { zh: string; en: string }>)[a], en, a));
  const stateName = (s: ProblemState | null) => (s === null ? '' : pick(PROBLEM_STATE_LABELS[s], en));
  const timelineColumns: ColumnsType<TimelineEntry> = [
    { title: t('projects.problem.at'), dataIndex: 'at', width: 150, render: (v: string) => formatShanghai(v) },
    { title: t('projects.problem.actor'), dataIndex: 'actorName', width: 200, render: (v: string | null, r) => v ?? r.actorId },
    { title: t('projects.problem.action'), dataIndex: 'action', width: 120, render: (v: string) => actionName(v) },
    { title: t('projects.problem.fromTo'), key: 'fromTo', width: 200, render: (_: unknown, r) => (r.from === null ? stateName(r.to) : `${stateName(r.from)} → ${stateName(r.to)}`) },
    { title: t('projects.problem.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
  ];

  const done = (next: ProblemDetail) => {
    if (acting !== null) {
      void message.success(t('projects.action.done', { action: pick(PROBLEM_ACTION_LABELS[acting], en) }));
    }
    qc.setQueryData(['problem', id], next);
    setActing(null);
    void qc.invalidateQueries({ queryKey: ['problems'] });
    // Who may add files depends on the state (closed problems are read-only).
    void qc.invalidateQueries({ queryKey: files.queryKey });
  };
  const reload = () => {
    setActing(null);
    void query.refetch();
  };

  return (
    <>
      <PageHeader title={p === undefined ? t('projects.board.title') : `${p.number} ${p.title}`}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/problems')}>{t('common.back')}</Button>
      </PageHeader>
      <QueryState query={query}>
        {p !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('projects.problem.actions')}>
              {p.availableActions.length === 0 ? (
                <Typography.Text type="secondary" data-testid="problem-no-actions">{t('projects.problem.noActions')}</Typography.Text>
              ) : (
                <Space wrap>
                  {p.availableActions.map((a) => (
                    <Button key={a} type={a === 'reject' || a === 'return' ? 'default' : 'primary'} danger={a === 'reject'} onClick={() => setActing(a)} data-testid={`problem-action-${a}`}>
                      {pick(PROBLEM_ACTION_LABELS[a], en)}
                    </Button>
                  ))}
                </Space>
              )}
            </Card>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="problem-facts">
                <Descriptions.Item label={t('projects.problem.state')}><ProblemStateTag state={p.state} testId="problem-state" /></Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.project')}><Link to={`/projects/${p.projectId}`}>{p.projectName}</Link></Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.category')}>{categoryLabel(p.category)}</Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.severity')}><SeverityTag severity={p.severity} /></Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.unit')}>{p.unitName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.handler')}>{p.handlerName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.assignedOn')}>{p.assignedOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.deadline')}>
                  <DeadlineText deadline={p.deadline} overdue={p.overdue} daysOverdue={p.daysOverdue} provisional={p.deadlineProvisional} />
                </Descriptions.Item>
                <Descriptions.Item label={t('projects.problem.reopenings')}>{p.reopenings}</Descriptions.Item>
                {p.extension !== null && (
                  <Descriptions.Item label={t('projects.problem.extension')}>
                    {t('projects.problem.extensionText', { days: p.extension.workdays, reason: p.extension.reason, status: t(`projects.problem.extensionStatus.${p.extension.status}`) })}
                  </Descriptions.Item>
                )}
                {p.feedbackOn !== null && <Descriptions.Item label={t('projects.problem.feedbackOn')}>{p.feedbackOn}</Descriptions.Item>}
                {p.closedOn !== null && <Descriptions.Item label={t('projects.problem.closedOn')}>{p.closedOn}</Descriptions.Item>}
                <Descriptions.Item label={t('projects.problem.description')} span="filled">{p.description}</Descriptions.Item>
                {p.result !== null && <Descriptions.Item label={t('projects.problem.result')} span="filled">{p.result}</Descriptions.Item>}
                {p.closingNote !== null && <Descriptions.Item label={t('projects.problem.closingNote')} span="filled">{p.closingNote}</Descriptions.Item>}
                {p.rejectReason !== null && <Descriptions.Item label={t('projects.problem.rejectReason')} span="filled">{p.rejectReason}</Descriptions.Item>}
              </Descriptions>
            </Card>
            <Card size="small" title={t('files.attachments')}>
              <Attachments source={files} purposes={['attachment']} testId="problem-attachments" />
            </Card>
            <Card size="small" title={t('files.evidence')}>
              <Attachments source={files} purposes={['evidence']} testId="problem-evidence" />
            </Card>
            <Card size="small" title={t('projects.problem.timeline')}>
              <Table<TimelineEntry> rowKey="seq" size="small" columns={timelineColumns} dataSource={p.timeline} pagination={false} scroll={{ x: 900 }} data-testid="problem-timeline" />
            </Card>
          </Space>
        )}
      </QueryState>
      {p !== undefined && acting !== null && (
        <ProblemActionModal key={acting} me={me} problem={p} action={acting} onClose={() => setActing(null)} onDone={done} onReload={reload} />
      )}
    </>
  );
}
