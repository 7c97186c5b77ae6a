import { Select } from 'antd';
import type { RegionListSchema } from '@zhengqi/contracts/admin';
import type { Me } from '@zhengqi/contracts/auth';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from './api-client';

/** A region of GB/T 2260 or a functional zone, as the server lists it. */
export type Region = z.infer<typeof RegionListSchema>['items'][number];

/** Every region (GB/T 2260 and the functional zones); the list changes rarely, so it is fetched once. */
export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => api<z.infer<typeof RegionListSchema>>('GET', '/api/v1/regions'),
    staleTime: Infinity,
  });
}

/** A region's name in the current language. */
export function regionLabel(r: Region, en: boolean): string {
  return en ? r.nameEn : r.nameZh;
}

/** The display name of a region code in the current language (the code itself when unknown). */
export function useRegionName(): (code: string) => string {
  const { i18n } = useTranslation();
  const regions = useRegions();
  const en = i18n.language === 'en';
  const byCode = useMemo(() => new Map((regions.data?.items ?? []).map((r) => [r.code, r])), [regions.data]);
  return (code: string) => {
    const r = byCode.get(code);
    return r === undefined ? code : regionLabel(r, en);
  };
}

// The jurisdiction is a region and everything under it: tree order, each region with its depth.
function jurisdictionTree(all: readonly Region[], root: string): Array<Region & { depth: number }> {
  const children = new Map<string, Region[]>();
  for (const r of all) {
    if (r.parentCode !== null) {
      children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r]);
    }
  }
  const out: Array<Region & { depth: number }> = [];
  const seen = new Set<string>();
  const visit = (r: Region, depth: number) => {
    if (seen.has(r.code)) {
      return;
    }
    seen.add(r.code);
    out.push({ ...r, depth });
    for (const c of children.get(r.code) ?? []) {
      visit(c, depth + 1);
    }
  };
  const top = all.find((r) => r.code === root);
  if (top !== undefined) {
    visit(top, 0);
  }
  return out;
}

/** The regions of the user's jurisdiction, retired ones included (old data still names them), in the server's order. */
export function useJurisdictionRegions(me: Me) {
  const query = useRegions();
  const regions = useMemo(() => {
    const all = query.data?.items ?? [];
    const inside = new Set(jurisdictionTree(all, me.jurisdiction.code).map((r) => r.code));
    return all.filter((r) => inside.has(r.code));
  }, [query.data, me.jurisdiction.code]);
  return { query, regions };
}

type RegionSelectProps = { me: Me; value?: string; onChange?: (v: string) => void; placeholder?: string; testId?: string; allowClear?: boolean; disabled?: boolean };

/** A region picker limited to the user's jurisdiction, indented as a tree (for use inside a Form.Item); retired codes are not offered for new data. */
export function RegionSelect({ me, value, onChange, placeholder, testId, allowClear, disabled }: RegionSelectProps) {
  const { i18n } = useTranslation();
  const regions = useRegions();
  const en = i18n.language === 'en';
  const options = useMemo(
    () => jurisdictionTree(regions.data?.items ?? [], me.jurisdiction.code)
      .filter((r) => !r.retired)
      .map((r) => ({
        value: r.code,
        label: `${'\u3000'.repeat(r.depth)}${regionLabel(r, en)}${r.kind === 'zone' ? '' : ` (${r.code})`}`,
      })),
    [regions.data, me.jurisdiction.code, en],
  );
  return (
    <Select
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={options}
      loading={regions.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/** A list page's region filter: the regions of the user's jurisdiction, searchable by Chinese or English name and code. */
export function RegionFilter({ regions, value, onChange, placeholder, width = 170, testId }: {
  regions: readonly Region[];
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  placeholder: string;
  width?: number;
  testId: string;
}) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={placeholder}
      aria-label={placeholder}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      options={regions.map((r) => ({ value: r.code, label: regionLabel(r, en), search: `${r.nameZh} ${r.nameEn} ${r.code}` }))}
      style={{ width }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
