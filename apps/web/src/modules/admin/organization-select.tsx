import { Select } from 'antd';
import type { OrganizationSchema } from '@zhengqi/contracts/admin';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, qs } from '../../app/api-client';
import type { Page } from '../../app/list-kit';

type Organization = z.infer<typeof OrganizationSchema>;

type OrganizationSelectProps = {
  value?: string | null;
  onChange?: (v: string | null) => void;
  placeholder?: string;
  testId?: string;
  allowClear?: boolean;
  disabled?: boolean;
  current?: { id: string; name: string } | null;
  exclude?: string;
};

/** An organization picker that searches the server by name; `current` keeps the chosen one labelled before it is searched. */
export function OrganizationSelect({ value, onChange, placeholder, testId, allowClear, disabled, current, exclude }: OrganizationSelectProps) {
  const { i18n } = useTranslation();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setSearch(typed.trim()), 300);
    return () => clearTimeout(h);
  }, [typed]);
  const found = useQuery({
    queryKey: ['org-options', search],
    queryFn: () => api<Page<Organization>>('GET', `/api/v1/organizations${qs({ q: search, page: 1, pageSize: 50 })}`),
    staleTime: 30_000,
  });
  const en = i18n.language === 'en';
  const options = (found.data?.items ?? []).filter((o) => o.id !== exclude).map((o) => ({ value: o.id, label: en ? (o.nameEn ?? o.name) : o.name }));
  if (current !== undefined && current !== null && !options.some((o) => o.value === current.id)) {
    options.unshift({ value: current.id, label: current.name });
  }
  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
