import { Alert, Button, Empty, Result, Skeleton } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from './api-client';
import { errorText } from './i18n';
import { todayShanghai } from './shanghai-time';

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A server-paginated list: filters, page and page size live in component state. */
export function usePagedList<T, F extends Record<string, string | number | undefined>>(key: string, url: string, initial: F) {
  const [filters, setFilters] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useQuery({
    queryKey: [key, filters, page, pageSize],
    queryFn: () => api<Page<T>>('GET', `${url}${qs({ ...filters, page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
  return {
    query,
    filters,
    setFilters: (f: F) => {
      setFilters(f);
      setPage(1);
    },
    pagination: {
      current: page,
      pageSize,
      total: query.data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100],
      onChange: (p: number, s: number) => {
        setPage(p);
        setPageSize(s);
      },
    },
  };
}

/** What `usePagedList` returns: the query, its filters and the table's pagination. */
export type PagedList<T, F extends Record<string, string | number | undefined>> = ReturnType<typeof usePagedList<T, F>>;

/** Loading, error (with retry) and empty states around a query's content. */
export function QueryState({ query, isEmpty, children }: { query: { isLoading: boolean; error: unknown; refetch: () => unknown }; isEmpty?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (query.isLoading) {
    return <Skeleton active />;
  }
  if (query.error !== null && query.error !== undefined) {
    return (
      <Result
        status="error"
        title={errorText(query.error)}
        extra={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (isEmpty === true) {
    return <Empty description={t('common.empty')} />;
  }
  return <>{children}</>;
}

/** An inline error banner for a failed mutation. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (error === null || error === undefined) {
    return null;
  }
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />;
}

export type ExportColumn<T> = { title: string; value: (row: T) => string | number | null };

/** Writes rows to an .xlsx file in the browser; exceljs is loaded only when someone exports. */
export async function exportRowsToExcel<T>(filename: string, columns: ReadonlyArray<ExportColumn<T>>, rows: readonly T[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(columns.map((c) => c.title)).font = { bold: true };
  for (const r of rows) {
    ws.addRow(columns.map((c) => c.value(r)));
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  columns.forEach((_, i) => {
    ws.getColumn(i + 1).width = 20;
  });
  const buf = await wb.xlsx.writeBuffer();
  downloadBlob(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename);
}

/** Fetches every page of a list endpoint (for exports), up to `max` rows. */
export async function fetchAll<T>(url: string, filters: Record<string, string | number | undefined>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; out.length < max; page++) {
    const r = await api<Page<T>>('GET', `${url}${qs({ ...filters, page, pageSize: 200 })}`);
    out.push(...r.items);
    if (r.items.length < 200 || out.length >= r.total) {
      break;
    }
  }
  return out;
}

/** An export file name that says which day it was taken: `<stem>-YYYY-MM-DD.xlsx` (Beijing date). */
export function datedXlsxName(stem: string): string {
  return `${stem}-${todayShanghai()}.xlsx`;
}

/** Exports every row of a list endpoint under the list's current filters to `<stem>-<today>.xlsx`. */
export async function exportListToExcel<T>(url: string, filters: Record<string, string | number | undefined>, stem: string, columns: ReadonlyArray<ExportColumn<T>>): Promise<void> {
  const rows = await fetchAll<T>(url, filters);
  await exportRowsToExcel(datedXlsxName(stem), columns, rows);
}

/** Saves a blob as a download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Downloads a server-generated file (GET with the session cookie). */
export async function downloadFromServer(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    throw new Error(`${res.status}`);
  }
  downloadBlob(await res.blob(), filename);
}
