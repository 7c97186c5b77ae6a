import type { EligibilityFacts, LoanCategory } from '@zhengqi/contracts/loans';
import { addMonthsToMonth, monthOf } from '../modules/loans/month-arithmetic';
import { makeUscc } from '../modules/registry/uscc';
import type { WorkingCalendar } from '../platform/calendar/working-days';
import { newId } from '../platform/ids/ids';
import { intBetween, prng, type Rand, shuffle } from './random';

// Demo firms for the special-loan book (demo-loans.ts): their registry history and facts, and civil
// dates on the working-day calendar.

// ---------------------------------------------------------------------------------------------
// Civil dates on the working-day calendar.

export const HISTORY_FROM = '2021-01';
export const WAN_FEN = 1_000_000; // 1万元 in fen
export const DAY_MS = 86_400_000;
export const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const yearOf = (iso: string) => Number(iso.slice(0, 4));

export function workdayOnOrAfter(cal: WorkingCalendar, d: string): string {
  let x = d;
  while (!cal.isWorkingDay(x)) {
    x = addDays(x, 1);
  }
  return x;
}
export function workdayOnOrBefore(cal: WorkingCalendar, d: string): string {
  let x = d;
  while (!cal.isWorkingDay(x)) {
    x = addDays(x, -1);
  }
  return x;
}
/** `n` working days after the working day `d` (day 1 is the first working day after it). */
export const workdaysAfter = (cal: WorkingCalendar, d: string, n: number) => (n === 0 ? d : cal.addWorkingDays(d, n).deadline);
export function workdaysBefore(cal: WorkingCalendar, d: string, n: number): string {
  let x = d;
  for (let left = n; left > 0; ) {
    x = addDays(x, -1);
    if (cal.isWorkingDay(x)) {
      left -= 1;
    }
  }
  return x;
}
export function monthsFrom(from: string, through: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= through; m = addMonthsToMonth(m, 1)) {
    out.push(m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Firms and their registry history.

export type SizeClass = 'large' | 'medium' | 'small' | 'micro';
export type Firm = {
  id: string;
  name: string;
  uscc: string;
  regionCode: string;
  kind: 'enterprise' | 'individual_business';
  foundedOn: string;
  sizeClass: SizeClass;
  industry: string;
  category: LoanCategory;
  trade: string;
  /** Revenue per employee, 万元 a year (due diligence). */
  perHeadWan: number;
  heads: Map<string, number>;
  wagesLate: Set<string>;
  siLate: Set<string>;
  /** Created here (else an entity demo-data.ts made). */
  isNew: boolean;
  /** Its history is written here (new firms, and the two firms the page names). */
  writeHistory: boolean;
  tags: string[];
};

export type Trade = { word: string; category: LoanCategory; industry: string; heads: readonly [number, number]; perHeadWan: readonly [number, number] };
/** Trades of labour-intensive small firms, by the page's four categories (1 HR-certified quality firms, 2 elderly care, childcare, housekeeping, catering, delivery, 3 stable production and supply, 4 absorbing graduates and other target groups). */
export const TRADES = {
  textile: { word: '纺织', category: 1, industry: 'C', heads: [40, 150], perHeadWan: [30, 45] },
  bearing: { word: '轴承', category: 1, industry: 'C', heads: [30, 170], perHeadWan: [40, 60] },
  machinery: { word: '机械制造', category: 1, industry: 'C', heads: [25, 150], perHeadWan: [40, 60] },
  medical: { word: '医疗器械', category: 1, industry: 'C', heads: [20, 90], perHeadWan: [45, 70] },
  auto: { word: '汽车零部件', category: 3, industry: 'C', heads: [40, 200], perHeadWan: [45, 65] },
  steel: { word: '钢结构', category: 3, industry: 'C', heads: [20, 120], perHeadWan: [50, 80] },
  food: { word: '食品', category: 3, industry: 'C', heads: [20, 160], perHeadWan: [35, 55] },
  farm: { word: '农产品加工', category: 3, industry: 'C', heads: [15, 90], perHeadWan: [30, 50] },
  coldChain: { word: '冷链物流', category: 3, industry: 'G', heads: [15, 80], perHeadWan: [30, 50] },
  garment: { word: '服装', category: 4, industry: 'C', heads: [30, 190], perHeadWan: [20, 35] },
  ecommerce: { word: '电子商务', category: 4, industry: 'I', heads: [12, 60], perHeadWan: [40, 80] },
  software: { word: '信息技术', category: 4, industry: 'I', heads: [12, 80], perHeadWan: [35, 60] },
  elderly: { word: '养老服务', category: 2, industry: 'Q', heads: [12, 70], perHeadWan: [12, 20] },
  childcare: { word: '托育服务', category: 2, industry: 'O', heads: [10, 40], perHeadWan: [10, 18] },
  housekeeping: { word: '家政服务', category: 2, industry: 'O', heads: [15, 90], perHeadWan: [8, 15] },
  catering: { word: '餐饮管理', category: 2, industry: 'H', heads: [15, 110], perHeadWan: [15, 25] },
  delivery: { word: '同城配送', category: 2, industry: 'G', heads: [20, 140], perHeadWan: [10, 20] },
} satisfies Record<string, Trade>;
export type TradeKey = keyof typeof TRADES;
export const BOOK_TRADES = Object.keys(TRADES) as TradeKey[];

/** Brand words not used elsewhere in the demo data. */
export const BRANDS = [
  '鑫源', '华盛', '宏达', '瑞祥', '嘉禾', '鲁润', '泰和', '永盛', '安康', '益丰', '福泽', '康宁', '众诚', '华泰', '东顺', '德润', '兴隆', '天顺', '新源', '明德',
  '祥和', '利民', '聚福', '合力', '佳禾', '宏远', '信诚', '荣达', '盛世', '万和', '昊天', '广源', '汇通', '康泰', '金穗', '丰泽', '远航', '北辰', '同心', '和顺',
  '乐康', '锦程', '优诺', '卓越', '启航', '宇恒', '凯瑞', '润泽', '九州', '安泰', '家和', '立信', '恒达', '顺通', '瑞丰', '天成', '隆昌', '美达', '大成', '新兴',
];

/** How firm names start in each county or zone. */
export const NAME_PREFIX: Record<string, string> = {
  '371502': '聊城', '371503': '茌平', '371521': '阳谷', '371522': '莘县', '371524': '东阿', '371525': '冠县', '371526': '高唐', '371581': '临清',
  Z15001: '聊城', Z15002: '聊城', Z15003: '聊城',
};
/** The 2023 book's 36 generated firms by county and zone (with the two named firms: 38). */
export const BOOK_REGIONS: ReadonlyArray<readonly [string, number]> = [
  ['371502', 5], ['371503', 4], ['371521', 4], ['371522', 4], ['371524', 3], ['371525', 3], ['371526', 4], ['371581', 4], ['Z15001', 2], ['Z15002', 2], ['Z15003', 1],
];

export type FirmFactory = {
  make(o: { region: string; trade: Trade; start: number; growth?: number; founded?: string; kind?: 'enterprise' | 'individual_business'; name?: string }): Firm;
  firms: Firm[];
};

/** New firms (tagged demo, synthetic valid USCCs MA3DL001…) with a headcount that never falls and wages and social insurance paid on time. */
export function firmFactory(rand: Rand, lastMonth: string): FirmFactory {
  const firms: Firm[] = [];
  const brands = shuffle(rand, [...BRANDS]);
  return {
    firms,
    make(o) {
      const i = firms.length + 1;
      const brand = brands[i - 1];
      if (brand === undefined) {
        throw new RangeError('demo-loans: out of brand names');
      }
      const kind = o.kind ?? 'enterprise';
      const founded = o.founded ?? `${intBetween(rand, 2008, 2020)}-${String(intBetween(rand, 1, 12)).padStart(2, '0')}-${String(intBetween(rand, 1, 28)).padStart(2, '0')}`;
      const region6 = /^\d{6}$/.test(o.region) ? o.region : '371500';
      const first = monthOf(founded) > HISTORY_FROM ? monthOf(founded) : HISTORY_FROM;
      // Hiring now and then, never shedding: the headcount is stable or grows (the 2023 rule: not reduced).
      // Each firm's months come from a generator of its own, so the clock (how many months there are)
      // never shifts the rest of the book.
      const growth = o.growth ?? 0.08 + rand() * 0.22;
      const step = o.start >= 80 ? 3 : o.start >= 30 ? 2 : 1;
      const heads = new Map<string, number>();
      const monthly = prng(20230500 + i);
      let h = o.start;
      for (const m of monthsFrom(first, lastMonth)) {
        heads.set(m, h);
        if (monthly() < growth) {
          h = Math.min(290, h + intBetween(monthly, 1, step));
        }
      }
      const f: Firm = {
        id: newId('ent'),
        name: o.name ?? `${NAME_PREFIX[o.region] ?? '聊城'}${brand}${o.trade.word}有限公司（演示）`,
        uscc: makeUscc(kind === 'individual_business' ? '92' : '91', region6, `MA3DL${String(i).padStart(3, '0')}`),
        regionCode: o.region,
        kind,
        foundedOn: founded,
        sizeClass: o.start < 20 ? 'micro' : 'small',
        industry: o.trade.industry,
        category: o.trade.category,
        trade: o.trade.word,
        perHeadWan: intBetween(rand, o.trade.perHeadWan[0], o.trade.perHeadWan[1]),
        heads,
        wagesLate: new Set(),
        siLate: new Set(),
        isNew: true,
        writeHistory: true,
        tags: o.trade.category === 1 ? ['quality_employer', 'demo'] : ['demo'],
      };
      firms.push(f);
      return f;
    },
  };
}

/** The facts an eligibility decision on `date` reads (months from two years before it), as the registry held them on `stepDate`. */
export function factsOf(f: Firm, date: string, stepDate: string, categories: readonly LoanCategory[], goodCredit: boolean): EligibilityFacts {
  const from = `${String(yearOf(date) - 2)}-${date.slice(5, 7)}`;
  const until = addMonthsToMonth(monthOf(stepDate), -1);
  const within = (m: string) => m >= from && m <= until;
  return {
    kind: f.kind,
    foundedOn: f.foundedOn,
    sizeClass: f.sizeClass,
    headcount: Object.fromEntries([...f.heads].filter(([m]) => within(m)).sort(([a], [b]) => (a < b ? -1 : 1))),
    wageArrearsMonths: [...f.wagesLate].filter(within).sort(),
    socialInsuranceArrearsMonths: [...f.siLate].filter(within).sort(),
    categories: [...new Set(categories)].sort((a, b) => a - b),
    goodCredit,
  };
}

