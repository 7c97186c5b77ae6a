/** The regions Zhengqi knows (GB/T 2260, DOMAIN.md); functional zones have ids of our own with kind 'zone'. */
export type RegionRow = {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'province' | 'city' | 'district' | 'county' | 'county_city' | 'zone';
  parentCode: string | null;
  retired: boolean;
};

export const REGIONS: readonly RegionRow[] = [
  { code: '370000', nameZh: '山东省', nameEn: 'Shandong Province', kind: 'province', parentCode: null, retired: false },
  { code: '371500', nameZh: '聊城市', nameEn: 'Liaocheng', kind: 'city', parentCode: '370000', retired: false },
  { code: '371502', nameZh: '东昌府区', nameEn: 'Dongchangfu District', kind: 'district', parentCode: '371500', retired: false },
  { code: '371503', nameZh: '茌平区', nameEn: 'Chiping District', kind: 'district', parentCode: '371500', retired: false },
  // 茌平县 became 茌平区 in 2019; old USCCs and records still carry the retired code.
  { code: '371523', nameZh: '茌平县（2019年撤销）', nameEn: 'Chiping County (until 2019)', kind: 'county', parentCode: '371500', retired: true },
  { code: '371521', nameZh: '阳谷县', nameEn: 'Yanggu County', kind: 'county', parentCode: '371500', retired: false },
  { code: '371522', nameZh: '莘县', nameEn: 'Shen County', kind: 'county', parentCode: '371500', retired: false },
  { code: '371524', nameZh: '东阿县', nameEn: "Dong'e County", kind: 'county', parentCode: '371500', retired: false },
  { code: '371525', nameZh: '冠县', nameEn: 'Guan County', kind: 'county', parentCode: '371500', retired: false },
  { code: '371526', nameZh: '高唐县', nameEn: 'Gaotang County', kind: 'county', parentCode: '371500', retired: false },
  { code: '371581', nameZh: '临清市', nameEn: 'Linqing', kind: 'county_city', parentCode: '371500', retired: false },
  // The three functional zones have no GB/T 2260 code: ids in our own 'Z' range, never an invented 3715xx.
  { code: 'Z15001', nameZh: '聊城经济技术开发区', nameEn: 'Liaocheng Economic and Technological Development Zone', kind: 'zone', parentCode: '371500', retired: false },
  { code: 'Z15002', nameZh: '聊城高新技术产业开发区', nameEn: 'Liaocheng High-tech Industrial Development Zone', kind: 'zone', parentCode: '371500', retired: false },
  { code: 'Z15003', nameZh: '江北水城旅游度假区', nameEn: 'Jiangbei Water City Tourist Resort', kind: 'zone', parentCode: '371500', retired: false },
  { code: '130000', nameZh: '河北省', nameEn: 'Hebei Province', kind: 'province', parentCode: null, retired: false },
  { code: '130500', nameZh: '邢台市', nameEn: 'Xingtai', kind: 'city', parentCode: '130000', retired: false },
  { code: '130534', nameZh: '清河县', nameEn: 'Qinghe County', kind: 'county', parentCode: '130500', retired: false },
];

/** Every region code in the subtree rooted at `root` (the root included). */
export function subtreeOf(rows: readonly RegionRow[], root: string): string[] {
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (r.parentCode !== null) {
      children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r.code]);
    }
  }
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const code = stack.pop();
    if (code === undefined || out.includes(code)) {
      continue;
    }
    out.push(code);
    stack.push(...(children.get(code) ?? []));
  }
  return rows.some((r) => r.code === root) ? out : [];
}
