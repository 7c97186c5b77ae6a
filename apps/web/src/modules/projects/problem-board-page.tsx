import { Checkbox, Tabs } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { PROBLEM_STATE_LABELS, PROBLEM_STATES, type ProblemState } from '@zhengqi/contracts/problems';
import type { ProblemSummary } from '@zhengqi/contracts/projects';
import { useTranslation } from 'react-i18next';
import { QueryState, usePagedList } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { ProblemTable, useProblemCounts } from './problem-table';
import { pick } from './project-messages';

type BoardFilters = { state?: ProblemState; overdue?: 'true' };

/** The problem board (问题督办): one tab per state with its count; the server lists overdue problems first. */
export function ProblemBoardPage(_props: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const list = usePagedList<ProblemSummary, BoardFilters>('problems', '/api/v1/problems', {});
  const { counts } = useProblemCounts();
  const f = list.filters;
  const count = (s: ProblemState) => (counts === null ? '' : ` (${counts[s]})`);
  const items = list.query.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('projects.board.title')}>
        <Checkbox checked={f.overdue === 'true'} onChange={(e) => list.setFilters({ ...f, overdue: e.target.checked ? 'true' : undefined })} data-testid="problem-filter-overdue">
          {t('projects.board.overdueOnly')}
        </Checkbox>
      </PageHeader>
      <Tabs
        activeKey={f.state ?? 'all'}
        onChange={(k) => list.setFilters({ ...f, state: k === 'all' ? undefined : (k as ProblemState) })}
        items={[
          { key: 'all', label: <span data-testid="problem-tab-all">{t('projects.board.allStates')}</span> },
          ...PROBLEM_STATES.map((s) => ({ key: s, label: <span data-testid={`problem-tab-${s}`}>{pick(PROBLEM_STATE_LABELS[s], en)}{count(s)}</span> })),
        ]}
      />
      <QueryState query={list.query} isEmpty={items.length === 0 && !list.query.isFetching}>
        <ProblemTable
          items={items}
          loading={list.query.isFetching}
          pagination={{ ...list.pagination, showTotal: (total: number) => t('common.total', { total }) }}
          testId="problem-table"
        />
      </QueryState>
    </>
  );
}
