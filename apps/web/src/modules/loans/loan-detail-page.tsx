import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Me } from '@zhengqi/contracts/auth';
import {
  LOAN_ACTION_LABELS, LOAN_CHANNEL_LABELS, LOAN_STATE_LABELS, type LoanAction, type LoanDetail, type LoanState,
} from '@zhengqi/contracts/loan-applications';
import { ELIGIBILITY_CRITERION_LABELS, LOAN_CATEGORY_LABELS, REPAYMENT_METHOD_LABELS, type EligibilityCriterionCode, type LoanCategory } from '@zhengqi/contracts/loans';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../app/api-client';
import { ExportButton } from '../../app/export-button';
import { QueryState, downloadFromServer } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { useRegionName } from '../../app/region-select';
import { formatShanghai } from '../../app/shanghai-time';
import { EligibilityExplanation } from './eligibility-table';
import { LoanActionModal } from './loan-action-modal';
import { loanUrl } from './loan-api';
import { pick, rateText, wanText, yuanText } from './loan-format';
import { GreenChannelTag, LoanStateTag, StepDeadline } from './loan-tags';
import { ScheduleTable } from './schedule-table';

type TimelineEntry = LoanDetail['timeline'][number];
type Repayment = LoanDetail['repayments'][number];
type RemedyTask = LoanDetail['remedyTasks'][number];

const DANGER_ACTIONS: readonly LoanAction[] = ['return', 'withdraw'];

function Categories({ list }: { list: readonly LoanCategory[] }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Space orientation="vertical" size={0}>
      {list.map((c) => <span key={c}>{c}. {pick(LOAN_CATEGORY_LABELS[c], en)}</span>)}
    </Space>
  );
}

/** A user's name from the timeline (the parts of the file name their actors by id). */
function useActorName(loan: LoanDetail): (id: string) => string {
  const names = new Map(loan.timeline.flatMap((e) => (e.actorId !== null && e.actorName !== null ? [[e.actorId, e.actorName] as const] : [])));
  return (id) => names.get(id) ?? id;
}

/** The bureau's certification, the bank's due diligence, the credit decision (with the second approval) and the contract. */
function ProcessCards({ loan }: { loan: LoanDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const actor = useActorName(loan);
  const notYet = <Typography.Text type="secondary">{t('loans.detail.notYet')}</Typography.Text>;
  const c = loan.certification;
  const d = loan.diligence;
  const dec = loan.decision;
  const secondApproval = dec === null || !dec.needsSecondApproval
    ? t('loans.detail.secondApprovalNone')
    : dec.secondApproverId === null ? t('loans.detail.secondApprovalPending') : t('loans.detail.secondApprovalDone', { name: actor(dec.secondApproverId) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('loans.detail.certification')} data-testid="loan-certification">
        {c === null ? notYet : (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('loans.detail.certifiedCategories')}><Categories list={c.categories} /></Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.headcountVerified')}>{c.headcountVerified}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.by')}>{actor(c.by)}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.on')}>{c.on}</Descriptions.Item>
            {c.note !== '' && <Descriptions.Item label={t('loans.detail.note')} span="filled">{c.note}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('loans.detail.diligence')} data-testid="loan-diligence">
        {d === null ? notYet : (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('loans.detail.annualRevenue')}>{wanText(d.annualRevenueFen, en)}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.annualTax')}>{wanText(d.annualTaxFen, en)}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.creditCheck')}>
              <Tag color={d.creditCheck === 'good' ? 'green' : 'red'}>{t(`loans.detail.credit.${d.creditCheck}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.by')}>{actor(d.by)} · {d.on}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.visitNotes')} span="filled">{d.visitNotes}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('loans.detail.decision')} data-testid="loan-decision">
        {dec === null ? notYet : (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('loans.action.approved')}>
              <Tag color={dec.approved ? 'green' : 'red'}>{t(dec.approved ? 'loans.detail.decisionApproved' : 'loans.detail.decisionDeclined')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.decidedBy')}>{actor(dec.decidedBy)} · {dec.decidedOn}</Descriptions.Item>
            {dec.approved && (
              <>
                <Descriptions.Item label={t('loans.fields.approved')}>{wanText(dec.amountFen, en)}</Descriptions.Item>
                <Descriptions.Item label={t('loans.fields.rate')}>{rateText(dec.annualRate)}</Descriptions.Item>
                <Descriptions.Item label={t('loans.fields.term')}>{dec.termMonths === null ? '—' : t('loans.fields.termMonths', { months: dec.termMonths })}</Descriptions.Item>
                <Descriptions.Item label={t('loans.fields.method')}>{dec.method === null ? '—' : pick(REPAYMENT_METHOD_LABELS[dec.method], en)}</Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('loans.detail.secondApproval')}>
              <span data-testid="loan-second-approval">{secondApproval}</span>
            </Descriptions.Item>
            {loan.headcountAtDecision !== null && <Descriptions.Item label={t('loans.fields.headcountAtDecision')}>{loan.headcountAtDecision}</Descriptions.Item>}
            {dec.reason !== null && <Descriptions.Item label={t('loans.detail.reason')} span="filled">{dec.reason}</Descriptions.Item>}
            {dec.note !== '' && <Descriptions.Item label={t('loans.detail.note')} span="filled">{dec.note}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('loans.detail.contract')} data-testid="loan-contract">
        {loan.contract === null ? notYet : (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('loans.detail.contractNumber')}>{loan.contract.number}</Descriptions.Item>
            <Descriptions.Item label={t('loans.detail.signedOn')}>{loan.contract.signedOn}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </Space>
  );
}

/** Each disbursement with its repayment schedule, and the schedule's Excel export (the server's file). */
function SchedulePane({ loan }: { loan: LoanDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  if (loan.disbursements.length === 0) {
    return <Empty description={t('loans.detail.noDisbursements')} data-testid="loan-schedule-empty" />;
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <ExportButton onExport={() => downloadFromServer(`${loanUrl(loan.id)}/schedule.xlsx`, en ? `schedule-${loan.number}.xlsx` : `还款计划-${loan.number}.xlsx`)} testId="loan-schedule-export" />
      </div>
      {loan.disbursements.map((d, i) => (
        <Card key={d.id} size="small" title={t('loans.detail.disbursement', { amount: yuanText(d.amountFen, en), date: d.disbursedOn })}>
          <ScheduleTable rows={d.schedule} testId={i === 0 ? 'loan-schedule' : `loan-schedule-${i + 1}`} />
        </Card>
      ))}
    </Space>
  );
}

/** One application: header with state, green channel and step deadline; the actions the server offers this user; tabs for every part of the file. */
export function LoanDetailPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const regionName = useRegionName();
  const { id = '' } = useParams();
  const [acting, setActing] = useState<LoanAction | null>(null);
  const [tab, setTab] = useState('overview');
  const query = useQuery({ queryKey: ['loan', id], queryFn: () => api<LoanDetail>('GET', loanUrl(id)) });
  const loan = query.data;

  const stateName = (s: LoanState | null) => (s === null ? '' : pick(LOAN_STATE_LABELS[s], en));
  const actionName = (a: string) => {
    const label = (LOAN_ACTION_LABELS as Record<string, { zh: string; en: string } | undefined>)[a];
    if (label !== undefined) {
      return pick(label, en);
    }
    const event = t(`loans.detail.events.${a}`, { defaultValue: '' });
    return event === '' ? a : event;
  };
  const timelineColumns: ColumnsType<TimelineEntry> = [
    { title: t('loans.detail.timeline.at'), dataIndex: 'at', width: 150, render: (v: string) => formatShanghai(v) },
    { title: t('loans.detail.timeline.actor'), dataIndex: 'actorName', width: 180, render: (v: string | null, r) => v ?? r.actorId ?? '—' },
    { title: t('loans.detail.timeline.action'), dataIndex: 'action', width: 120, render: (v: string) => actionName(v) },
    { title: t('loans.detail.timeline.fromTo'), key: 'fromTo', width: 200, render: (_: unknown, r) => (r.from === null ? stateName(r.to) : `${stateName(r.from)} → ${stateName(r.to)}`) },
    { title: t('loans.detail.timeline.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
  ];
  const repaymentColumns: ColumnsType<Repayment> = [
    { title: t('loans.repayment.paidOn'), dataIndex: 'paidOn', width: 120 },
    { title: t('loans.repayment.amount'), dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => yuanText(v, en) },
    { title: t('loans.repayment.interest'), dataIndex: 'interestFen', width: 150, align: 'right', render: (v: number) => yuanText(v, en) },
    { title: t('loans.repayment.principal'), dataIndex: 'principalFen', width: 150, align: 'right', render: (v: number) => yuanText(v, en) },
  ];
  const criterionName = (code: string) => pick((ELIGIBILITY_CRITERION_LABELS as Record<string, { zh: string; en: string } | undefined>)[code as EligibilityCriterionCode], en, code);
  const remedyColumns: ColumnsType<RemedyTask> = [
    { title: t('loans.detail.remedy.openedOn'), dataIndex: 'openedOn', width: 110 },
    { title: t('loans.detail.remedy.failed'), dataIndex: 'failed', width: 240, render: (v: string[]) => v.map(criterionName).join('、') },
    { title: t('loans.detail.remedy.evidence'), dataIndex: 'evidence', render: (v: unknown) => <Typography.Text code style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(v)}</Typography.Text> },
    {
      title: t('loans.detail.remedy.state'),
      dataIndex: 'state',
      width: 90,
      render: (v: RemedyTask['state']) => <Tag color={v === 'open' ? 'red' : 'green'}>{t(`loans.detail.remedy.${v}`)}</Tag>,
    },
    { title: t('loans.detail.remedy.resolvedNote'), dataIndex: 'resolvedNote', width: 200, render: (v: string | null) => v ?? '' },
  ];

  const done = (next: LoanDetail) => {
    if (acting !== null) {
      void message.success(t('loans.action.done', { action: pick(LOAN_ACTION_LABELS[acting], en) }));
      if (acting === 'disburse') {
        setTab('schedule');
      }
    }
    qc.setQueryData(['loan', id], next);
    setActing(null);
    void qc.invalidateQueries({ queryKey: ['loans'] });
  };
  const reload = () => {
    setActing(null);
    void query.refetch();
  };

  return (
    <>
      <PageHeader title={loan === undefined ? t('loans.detail.title') : `${loan.number} ${loan.entityName}`}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/loans')}>{t('common.back')}</Button>
      </PageHeader>
      <QueryState query={query}>
        {loan !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Space wrap size="middle" data-testid="loan-header">
                <LoanStateTag state={loan.state} testId="loan-state" />
                <GreenChannelTag priority={loan.priority} />
                <span>{t('loans.fields.deadline')}: <StepDeadline deadline={loan.stepDeadline} overdue={loan.overdue} daysOverdue={loan.daysOverdue} /></span>
                <span>{t('loans.fields.version')}: {loan.productVersion}</span>
                {loan.daysPastDue > 0 && <Typography.Text type="danger">{t('loans.fields.daysPastDue')}: {loan.daysPastDue}</Typography.Text>}
              </Space>
              <div style={{ marginTop: 12 }}>
                {loan.availableActions.length === 0 ? (
                  <Typography.Text type="secondary" data-testid="loan-no-actions">{t('loans.detail.noActions')}</Typography.Text>
                ) : (
                  <Space wrap>
                    {loan.availableActions.map((a) => (
                      <Button key={a} type={DANGER_ACTIONS.includes(a) ? 'default' : 'primary'} danger={a === 'withdraw'} onClick={() => setActing(a)} data-testid={`loan-action-${a}`}>
                        {pick(LOAN_ACTION_LABELS[a], en)}
                      </Button>
                    ))}
                  </Space>
                )}
              </div>
            </Card>
            <Card size="small">
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'overview',
                    label: t('loans.detail.tabs.overview'),
                    children: (
                      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="loan-facts">
                        <Descriptions.Item label={t('loans.fields.entity')}>{loan.entityName}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.kind')}>{t(`loans.kind.${loan.applicantKind}`)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.region')}>{regionName(loan.regionCode)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.product')}>{loan.productCode} · {loan.productVersion}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.appliedOn')}>{loan.appliedOn}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.channel')}>{pick(LOAN_CHANNEL_LABELS[loan.channel], en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.requested')}>{wanText(loan.requestedAmountFen, en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.approved')}>{wanText(loan.approvedAmountFen, en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.rate')}>{rateText(loan.annualRate)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.term')}>{t('loans.fields.termMonths', { months: loan.termMonths })}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.method')}>{pick(REPAYMENT_METHOD_LABELS[loan.method], en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.disbursed')}>{wanText(loan.disbursedFen, en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.outstanding')}>{wanText(loan.outstandingFen, en)}</Descriptions.Item>
                        <Descriptions.Item label={t('loans.fields.categories')} span="filled"><Categories list={loan.categoriesClaimed} /></Descriptions.Item>
                        {loan.contactNote !== '' && <Descriptions.Item label={t('loans.fields.contactNote')} span="filled">{loan.contactNote}</Descriptions.Item>}
                      </Descriptions>
                    ),
                  },
                  {
                    key: 'eligibility',
                    label: t('loans.detail.tabs.eligibility'),
                    children: loan.eligibility === null
                      ? <Empty description={t('loans.detail.noEligibility')} />
                      : <EligibilityExplanation result={loan.eligibility} testId="loan-eligibility" />,
                  },
                  { key: 'process', label: t('loans.detail.tabs.process'), children: <ProcessCards loan={loan} /> },
                  { key: 'schedule', label: t('loans.detail.tabs.schedule'), children: <SchedulePane loan={loan} /> },
                  {
                    key: 'repayments',
                    label: t('loans.detail.tabs.repayments'),
                    children: loan.repayments.length === 0
                      ? <Empty description={t('loans.detail.noRepayments')} />
                      : <Table<Repayment> rowKey="id" size="small" columns={repaymentColumns} dataSource={loan.repayments} pagination={false} scroll={{ x: 570 }} data-testid="loan-repayments" />,
                  },
                  {
                    key: 'remedy',
                    label: `${t('loans.detail.tabs.remedy')}${loan.remedyTasks.some((r) => r.state === 'open') ? ' ●' : ''}`,
                    children: loan.remedyTasks.length === 0
                      ? <Empty description={t('loans.detail.noRemedy')} />
                      : <Table<RemedyTask> rowKey="id" size="small" columns={remedyColumns} dataSource={loan.remedyTasks} pagination={false} scroll={{ x: 900 }} data-testid="loan-remedy" />,
                  },
                  {
                    key: 'timeline',
                    label: t('loans.detail.tabs.timeline'),
                    children: <Table<TimelineEntry> rowKey="seq" size="small" columns={timelineColumns} dataSource={loan.timeline} pagination={false} scroll={{ x: 900 }} data-testid="loan-timeline" />,
                  },
                ]}
              />
            </Card>
          </Space>
        )}
      </QueryState>
      {loan !== undefined && acting !== null && (
        <LoanActionModal key={acting} me={me} loan={loan} action={acting} onClose={() => setActing(null)} onDone={done} onReload={reload} />
      )}
    </>
  );
}
