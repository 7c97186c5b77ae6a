import { Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState, type PagedList } from './list-kit';

/** A page's title with its actions (export, create …) on the right, wrapping on narrow screens. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
      <Space wrap>{children}</Space>
    </div>
  );
}

/** A list's search box: searches on Enter or the button; a blank search is `undefined` (no filter). */
export function ListSearch({ placeholder, width, testId, onSearch }: { placeholder: string; width: number; testId: string; onSearch: (q: string | undefined) => void }) {
  const { t } = useTranslation();
  // What is typed is only a draft until searched, so it lives here and not in the list's filters.
  const [typed, setTyped] = useState('');
  return (
    <Input.Search
      allowClear
      value={typed}
      onChange={(e) => setTyped(e.target.value)}
      onSearch={(v) => onSearch(v.trim() === '' ? undefined : v.trim())}
      placeholder={placeholder}
      enterButton={t('common.search')}
      style={{ width }}
      data-testid={testId}
    />
  );
}

/** A tab's toolbar: the search on the left, the actions on the right (a tab has no title of its own). */
export function SearchToolbar({ search, children }: { search: ReactNode; children?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, marginBottom: 12 }}>
      {search}
      <Space wrap>{children}</Space>
    </div>
  );
}

/** The table of a server-paged list, with its loading, error and empty states. */
export function PagedTable<T extends { id: string }>({ list, columns, scrollX, testId }: {
  list: Pick<PagedList<T, Record<string, never>>, 'query' | 'pagination'>;
  columns: TableColumnsType<T>;
  scrollX: number;
  testId: string;
}) {
  const { t } = useTranslation();
  const { query, pagination } = list;
  return (
    <QueryState query={query} isEmpty={query.data?.items.length === 0}>
      <Table<T>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching}
        pagination={{ ...pagination, showTotal: (total) => t('common.total', { total }) }}
        scroll={{ x: scrollX }}
        data-testid={testId}
      />
    </QueryState>
  );
}
