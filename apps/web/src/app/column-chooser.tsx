import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { ExportColumn } from './list-kit';

/** One column of a list: how it shows in the table and what it exports. */
export type ColumnDef<T> = {
  title: string;
  width: number;
  right?: boolean;
  ellipsis?: boolean;
  render: (row: T) => ReactNode;
  value: (row: T) => string | number | null;
};

/**
 * The table columns and the Excel columns for the keys shown, in the order of `all` (the export
 * matches the screen), and the table's scroll width.
 */
export function chosenColumns<T, K extends string>(all: readonly K[], shown: readonly K[], defs: Record<K, ColumnDef<T>>): { columns: ColumnsType<T>; exportColumns: Array<ExportColumn<T>>; scrollX: number } {
  const visible = all.filter((k) => shown.includes(k));
  return {
    columns: visible.map((k) => ({
      key: k,
      title: defs[k].title,
      width: defs[k].width,
      align: defs[k].right === true ? 'right' : 'left',
      ellipsis: defs[k].ellipsis === true,
      render: (_: unknown, row: T) => defs[k].render(row),
    })),
    exportColumns: visible.map((k) => ({ title: defs[k].title, value: defs[k].value })),
    scrollX: visible.reduce((sum, k) => sum + defs[k].width, 0),
  };
}

/** The column chooser button: one checkbox a column; `locked` (the column that opens the row) cannot be hidden. */
export function ColumnChooser<K extends string>({ all, shown, onChange, titles, locked, label, testId }: {
  all: readonly K[];
  shown: readonly K[];
  onChange: (keys: K[]) => void;
  titles: Record<K, { title: string }>;
  locked: K;
  label: string;
  testId: string;
}) {
  const content = (
    <Checkbox.Group
      value={[...shown]}
      onChange={(v) => onChange(v)}
      options={all.map((k) => ({ value: k, label: titles[k].title, disabled: k === locked }))}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      data-testid={`${testId}-options`}
    />
  );
  return (
    <Popover trigger="click" placement="bottomRight" content={content}>
      <Button icon={<SettingOutlined />} data-testid={testId}>{label}</Button>
    </Popover>
  );
}
