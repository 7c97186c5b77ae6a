import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ELIGIBILITY_CRITERION_LABELS, type EligibilityCriterion, type EligibilityResult } from '@zhengqi/contracts/loans';
import { useTranslation } from 'react-i18next';
import { criterionTexts, pick, sourceText, wanText } from './loan-format';

/** An eligibility result explained: eligible or not under which version, each criterion with what was seen and required, and the indicative offer. */
export function EligibilityExplanation({ result, testId }: { result: EligibilityResult; testId: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const columns: ColumnsType<EligibilityCriterion> = [
    { title: t('loans.eligibility.criterion'), key: 'code', width: 220, render: (_: unknown, c) => pick(ELIGIBILITY_CRITERION_LABELS[c.code], en, c.code) },
    {
      title: t('loans.eligibility.passed'),
      key: 'passed',
      width: 70,
      align: 'center',
      render: (_: unknown, c) => (c.passed
        ? <CheckCircleFilled style={{ color: '#389e0d' }} aria-label="✓" data-testid={`criterion-${c.code}-passed`} />
        : <CloseCircleFilled style={{ color: '#cf1322' }} aria-label="✗" data-testid={`criterion-${c.code}-failed`} />),
    },
    { title: t('loans.eligibility.seen'), key: 'seen', width: 180, render: (_: unknown, c) => criterionTexts(c, t, en).seen },
    { title: t('loans.eligibility.required'), key: 'required', width: 180, render: (_: unknown, c) => criterionTexts(c, t, en).required },
    { title: t('loans.eligibility.source'), key: 'source', width: 140, render: (_: unknown, c) => sourceText(c.source, t) },
  ];
  const offer = result.offer;
  return (
    <div data-testid={testId}>
      <Alert
        type={result.eligible ? 'success' : 'warning'}
        showIcon
        title={t(result.eligible ? 'loans.eligibility.eligible' : 'loans.eligibility.notEligible', { version: result.productVersion })}
        description={offer === undefined ? undefined : t('loans.eligibility.offer', { limit: wanText(offer.maxLimitFen, en), min: offer.rateRange.min, max: offer.rateRange.max })}
        style={{ marginBottom: 12 }}
        data-testid={`${testId}-verdict`}
      />
      <Table<EligibilityCriterion>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={result.criteria}
        pagination={false}
        scroll={{ x: 790 }}
        rowClassName={(c) => (c.passed ? '' : 'loan-criterion-failed')}
      />
    </div>
  );
}
