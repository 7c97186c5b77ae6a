import { BUILTIN_REFERENCE_ITEMS, type ReferenceData, type ReferenceItem, type ReferenceList } from '@zhengqi/contracts/reference-lists';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api-client';

/** The configurable lists and problem deadlines, fetched once per session and shared by every form. */
export function useReferenceData() {
  return useQuery({ queryKey: ['reference-lists'], queryFn: () => api<ReferenceData>('GET', '/api/v1/reference-lists'), staleTime: 5 * 60_000 });
}

/** A list's items as the server has them; the built-in items until they arrive. */
export function useReferenceItems(list: ReferenceList): ReferenceItem[] {
  const { data } = useReferenceData();
  return useMemo(
    () => data?.lists[list] ?? BUILTIN_REFERENCE_ITEMS[list].map((i) => ({ ...i, list, active: true, builtin: true, version: 1 })),
    [data, list],
  );
}

/** `code → label` in the UI language; a code no longer in the list shows as itself. */
export function useReferenceLabel(list: ReferenceList): (code: string) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const items = useReferenceItems(list);
  return useCallback(
    (code: string) => {
      const item = items.find((i) => i.code === code);
      return item === undefined ? code : en ? item.nameEn : item.nameZh;
    },
    [items, en],
  );
}

/** The active items as Select options, in the administrator's order. */
export function useReferenceOptions(list: ReferenceList): Array<{ value: string; label: string }> {
  const items = useReferenceItems(list);
  const label = useReferenceLabel(list);
  return useMemo(() => items.filter((i) => i.active).map((i) => ({ value: i.code, label: label(i.code) })), [items, label]);
}
