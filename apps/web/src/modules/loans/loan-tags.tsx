import { Tag, Typography } from 'antd';
import { LOAN_STATE_LABELS, type LoanState } from '@zhengqi/contracts/loan-applications';
import { useTranslation } from 'react-i18next';
import { pick } from './loan-format';

const STATE_COLOR: Record<LoanState, string> = {
  draft: 'default',
  precheck_failed: 'red',
  certifying: 'blue',
  returned: 'orange',
  diligence: 'processing',
  deciding: 'gold',
  second_approval: 'gold',
  approved: 'cyan',
  declined: 'default',
  contracted: 'geekblue',
  disbursed: 'green',
  repaying: 'green',
  closed: 'default',
  withdrawn: 'default',
};

/** An application's state as a coloured tag (人社认定中 / HR certification …). */
export function LoanStateTag({ state, testId }: { state: LoanState; testId?: string }) {
  const { i18n } = useTranslation();
  return <Tag color={STATE_COLOR[state]} data-testid={testId}>{pick(LOAN_STATE_LABELS[state], i18n.language === 'en')}</Tag>;
}

/** The green-channel (绿色通道) tag of a priority application. */
export function GreenChannelTag({ priority }: { priority: boolean }) {
  const { t } = useTranslation();
  return priority ? <Tag color="green" data-testid="loan-green-channel">{t('loans.greenChannel')}</Tag> : null;
}

/** The current step's deadline, in red with the days overdue once it has passed. */
export function StepDeadline({ deadline, overdue, daysOverdue }: { deadline: string | null; overdue: boolean; daysOverdue: number }) {
  const { t } = useTranslation();
  if (deadline === null) {
    return <>—</>;
  }
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} data-testid={overdue ? 'loan-overdue' : undefined}>
      {deadline}
      {overdue && ` · ${t('loans.overdueDays', { days: daysOverdue })}`}
    </Typography.Text>
  );
}
