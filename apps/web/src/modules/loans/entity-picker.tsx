import { Select, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { EntitySummary } from '@zhengqi/contracts/entities';
import type { OwnEntities } from '@zhengqi/contracts/loan-applications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api-client';
import type { Page } from '../../app/list-kit';
import { can } from '../../app/session';

type Option = { value: string; label: string };

/** A value that follows `value` only after it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Officers (entity.read) search the registry by name or USCC. */
function RegistryEntitySelect({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim(), 250);
  const found = useQuery({
    queryKey: ['entities', 'loan-picker', q],
    queryFn: () => api<Page<EntitySummary>>('GET', `/api/v1/entities${qs({ q: q === '' ? undefined : q, page: 1, pageSize: 20 })}`),
    placeholderData: keepPreviousData,
  });
  const options: Option[] = (found.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.uscc}）` }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={options}
      loading={found.isFetching}
      placeholder={t('loans.create.entitySearch')}
      notFoundContent={found.isFetching ? undefined : t('common.empty')}
      data-testid={testId}
    />
  );
}

/**
 * An enterprise user applies for its own firm: the server names the market entity behind the user's
 * organization (its USCC), without the user reading the registry.
 */
function OwnEntitySelect({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  const own = useQuery({ queryKey: ['loans', 'my-entities'], queryFn: () => api<OwnEntities>('GET', '/api/v1/loans/my-entities') });
  const options: Option[] = (own.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }));
  const only = options.length === 1 ? options[0]?.value : undefined;
  useEffect(() => {
    if (value === undefined && only !== undefined) {
      onChange?.(only);
    }
  }, [value, only, onChange]);
  return (
    <>
      <Select value={value} onChange={(v: string) => onChange?.(v)} options={options} loading={own.isLoading} data-testid={testId} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {!own.isLoading && options.length === 0 ? t('loans.create.entityOwnEmpty') : t('loans.create.entityOwnHint')}
      </Typography.Text>
    </>
  );
}

/** The applicant picker: the registry search for officers, the user's own firm for an enterprise user (for use inside a Form.Item). */
export function LoanEntityPicker({ me, value, onChange, testId }: { me: Me; value?: string; onChange?: (v: string) => void; testId: string }) {
  return can(me, 'entity.read')
    ? <RegistryEntitySelect value={value} onChange={onChange} testId={testId} />
    : <OwnEntitySelect value={value} onChange={onChange} testId={testId} />;
}
