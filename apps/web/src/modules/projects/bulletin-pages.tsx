import { ArrowLeftOutlined, FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Row, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import type { Bulletin, BulletinContent, BulletinSummary } from '@zhengqi/contracts/supervision';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api-client';
import { fieldErrorsOf } from '../../app/form-errors';
import { FormModal } from '../../app/form-modal';
import { downloadFromServer, ErrorBanner, QueryState, usePagedList } from '../../app/list-kit';
import { PageHeader, PagedTable } from '../../app/list-page';
import { RegionSelect, useRegionName } from '../../app/region-select';
import { can } from '../../app/session';
import { formatShanghai, todayShanghai } from '../../app/shanghai-time';
import './bulletin-messages';
import { ProblemStateTag, SeverityTag } from './problem-table';
import { fenToYi, percentText } from './project-messages';

type CreateValues = { region: string; period: [Dayjs, Dayjs] };
const SERVER_FIELDS = ['region', 'from', 'to'] as const;

/** The create form: a region of the caller's jurisdiction and a period (this year up to today by default). */
function CreateBulletinModal({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const today = dayjs(todayShanghai(me.fakeNow));
  const save = useMutation({
    mutationFn: (v: CreateValues) => api<Bulletin>('POST', '/api/v1/bulletins', {
      region: v.region,
      from: v.period[0].format('YYYY-MM-DD'),
      to: v.period[1].format('YYYY-MM-DD'),
    }),
    onSuccess: async (b) => {
      void message.success(t('bulletins.created', { number: b.number }));
      await qc.invalidateQueries({ queryKey: ['bulletins'] });
      await navigate(`/bulletins/${b.id}`);
    },
    // The server names the period's fields `from` and `to`; both belong to the one range field here.
    onError: (err) => form.setFields(fieldErrorsOf(err, SERVER_FIELDS).map((e) => ({ errors: e.errors, name: e.name === 'region' ? 'region' : 'period' }))),
  });
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return (
    <FormModal title={t('bulletins.createTitle')} width={560} form={form} saving={save.isPending} error={save.error} submitTestId="bulletin-create-submit" onClose={onClose}>
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ region: me.jurisdiction.code, period: [today.startOf('year'), today] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="region" label={t('bulletins.region')} rules={[{ required: true }]}>
          <RegionSelect me={me} testId="bulletin-create-region" />
        </Form.Item>
        <Form.Item name="period" label={t('bulletins.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            presets={[
              { label: t('bulletins.thisYear'), value: [today.startOf('year'), today] },
              { label: t('bulletins.thisQuarter'), value: [quarterStart, today] },
              { label: t('bulletins.thisMonth'), value: [today.startOf('month'), today] },
            ]}
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** The kept bulletins (督导通报), newest first; dispatchers may build a new one. */
export function BulletinListPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const list = usePagedList<BulletinSummary, Record<string, never>>('bulletins', '/api/v1/bulletins', {});
  const [creating, setCreating] = useState(false);
  const columns: ColumnsType<BulletinSummary> = [
    { title: t('bulletins.fields.number'), dataIndex: 'number', width: 180, render: (v: string, r) => <Link to={`/bulletins/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
    { title: t('bulletins.fields.region'), dataIndex: 'regionCode', width: 160, render: (v: string) => regionName(v) },
    { title: t('bulletins.fields.period'), key: 'period', width: 220, render: (_: unknown, r) => `${r.from} ~ ${r.to}` },
    { title: t('bulletins.fields.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatShanghai(v) },
  ];
  return (
    <>
      <PageHeader title={t('bulletins.title')}>
        {can(me, 'problem.dispatch') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="bulletin-create">{t('bulletins.create')}</Button>
        )}
      </PageHeader>
      <PagedTable<BulletinSummary> list={list} columns={columns} scrollX={720} testId="bulletin-table" />
      {creating && <CreateBulletinModal me={me} onClose={() => setCreating(false)} />}
    </>
  );
}

type BulletinProblem = BulletinContent['overdue'][number];

/** The overdue or reopened problems of a bulletin, each linking to the problem. */
function ProblemList({ items, testId, showDays }: { items: BulletinProblem[]; testId: string; showDays: boolean }) {
  const { t } = useTranslation();
  const columns: ColumnsType<BulletinProblem> = [
    { title: t('projects.problem.number'), dataIndex: 'number', width: 140, render: (v: string, r) => <Link to={`/problems/${r.id}`}>{v}</Link> },
    { title: t('projects.problem.title'), dataIndex: 'title', width: 220, ellipsis: true },
    { title: t('projects.problem.project'), dataIndex: 'projectName', width: 200, ellipsis: true },
    { title: t('projects.problem.unit'), dataIndex: 'unitName', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('projects.problem.severity'), dataIndex: 'severity', width: 90, render: (v: BulletinProblem['severity']) => <SeverityTag severity={v} /> },
    { title: t('projects.problem.state'), dataIndex: 'state', width: 100, render: (v: BulletinProblem['state']) => <ProblemStateTag state={v} /> },
    { title: t('projects.problem.deadline'), dataIndex: 'deadline', width: 110, render: (v: string | null) => v ?? '—' },
    showDays
      ? { title: t('bulletins.overdue.daysOverdue'), dataIndex: 'daysOverdue', width: 110, align: 'right', render: (v: number) => <Typography.Text type="danger">{v}</Typography.Text> }
      : { title: t('projects.problem.reopenings'), dataIndex: 'reopenings', width: 90, align: 'right' },
  ];
  return <Table<BulletinProblem> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} scroll={{ x: 1140 }} data-testid={testId} />;
}

/** One bulletin as the district reads it: totals, the unit ranking, overdue and reopened problems, investment progress; Word and Excel downloads. */
export function BulletinPreviewPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['bulletins', id], queryFn: () => api<Bulletin>('GET', `/api/v1/bulletins/${id}`) });
  const download = useMutation({
    mutationFn: ({ b, kind }: { b: Bulletin; kind: 'docx' | 'xlsx' }) => downloadFromServer(`/api/v1/bulletins/${b.id}/${kind}`, `${b.number}.${kind}`),
  });
  const b = query.data;
  const c = b?.content;
  const unitColumns: ColumnsType<BulletinContent['units'][number]> = [
    { title: t('bulletins.units.rank'), dataIndex: 'rank', width: 60, align: 'right' },
    { title: t('bulletins.units.unit'), dataIndex: 'unitName', width: 200 },
    { title: t('bulletins.units.problems'), dataIndex: 'problems', width: 80, align: 'right' },
    { title: t('bulletins.units.closed'), dataIndex: 'closed', width: 80, align: 'right' },
    { title: t('bulletins.units.closedOnTime'), dataIndex: 'closedOnTime', width: 90, align: 'right' },
    { title: t('bulletins.units.onTimeClosureRate'), dataIndex: 'onTimeClosureRate', width: 110, align: 'right', render: (v: number | null) => percentText(v) },
    { title: t('bulletins.units.overdue'), dataIndex: 'overdue', width: 70, align: 'right', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
    { title: t('bulletins.units.reopened'), dataIndex: 'reopened', width: 70, align: 'right' },
    { title: t('bulletins.units.avgDays'), dataIndex: 'avgWorkingDaysToClose', width: 130, align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
  ];
  return (
    <>
      <PageHeader title={t('bulletins.preview')}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/bulletins')}>{t('common.back')}</Button>
        {b !== undefined && (
          <>
            <Button icon={<FileWordOutlined />} loading={download.isPending && download.variables.kind === 'docx'} onClick={() => download.mutate({ b, kind: 'docx' })} data-testid="bulletin-download-docx">
              {t('bulletins.downloadDocx')}
            </Button>
            <Button icon={<FileExcelOutlined />} loading={download.isPending && download.variables.kind === 'xlsx'} onClick={() => download.mutate({ b, kind: 'xlsx' })} data-testid="bulletin-download-xlsx">
              {t('bulletins.downloadXlsx')}
            </Button>
          </>
        )}
      </PageHeader>
      <ErrorBanner error={download.error} />
      <QueryState query={query}>
        {b !== undefined && c !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="bulletin-preview">
            <div style={{ textAlign: 'center' }}>
              <Typography.Title level={3} style={{ marginBottom: 4 }} data-testid="bulletin-heading">{t('bulletins.heading', { region: c.regionName })}</Typography.Title>
              <Typography.Text type="secondary" data-testid="bulletin-number">{t('bulletins.subheading', { number: b.number, from: b.from, to: b.to, asOf: c.asOf })}</Typography.Text>
            </div>
            <Row gutter={[12, 12]}>
              {(['problems', 'closed', 'closedOnTime', 'overdue', 'reopened'] as const).map((k) => (
                <Col xs={12} md={4} key={k}><Card size="small"><Statistic title={t(`bulletins.totals.${k}`)} value={c.totals[k]} /></Card></Col>
              ))}
              <Col xs={12} md={4}><Card size="small"><Statistic title={t('bulletins.totals.onTimeClosureRate')} value={percentText(c.totals.onTimeClosureRate)} /></Card></Col>
            </Row>
            <Card size="small" title={t('bulletins.units.title')}>
              <Table rowKey="unitId" size="small" columns={unitColumns} dataSource={c.units} pagination={false} scroll={{ x: 890 }} data-testid="bulletin-units" />
            </Card>
            <Card size="small" title={`${t('bulletins.overdue.title')} (${c.overdue.length})`}>
              <ProblemList items={c.overdue} showDays testId="bulletin-overdue" />
            </Card>
            <Card size="small" title={`${t('bulletins.reopened.title')} (${c.reopened.length})`}>
              <ProblemList items={c.reopened} showDays={false} testId="bulletin-reopened" />
            </Card>
            <Card size="small" title={`${t('bulletins.investment.title')} (${c.investment.year})`} data-testid="bulletin-investment">
              <Row gutter={[12, 12]}>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.projects')} value={c.investment.projects} /></Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.total')} value={fenToYi(c.investment.totalInvestmentFen)} precision={2} /></Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.plan')} value={fenToYi(c.investment.annualPlanFen)} precision={2} /></Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.completed')} value={fenToYi(c.investment.completedThisYearFen)} precision={2} /></Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.planCompletionRate')} value={percentText(c.investment.planCompletionRate)} /></Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.timeProgress')} value={percentText(c.investment.timeProgress)} /></Col>
                <Col xs={12} md={6}>
                  <Statistic
                    title={t('bulletins.investment.gap')}
                    value={c.investment.gap === null ? '—' : c.investment.gap.toFixed(1)}
                    styles={c.investment.gap !== null && c.investment.gap < 0 ? { content: { color: '#cf1322' } } : undefined}
                  />
                </Col>
                <Col xs={12} md={6}><Statistic title={t('bulletins.investment.startRate')} value={percentText(c.investment.startRate)} /></Col>
              </Row>
            </Card>
          </Space>
        )}
      </QueryState>
    </>
  );
}
