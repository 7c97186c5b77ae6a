import type { ProblemAction, ProblemActionInputs, ProblemCategory, ProblemSeverity } from '@zhengqi/contracts/problems';

// The static figures of the Dongchangfu demo registry (docs/seed-figures.md): owners, name parts,
// the class/level/sector layout, the ten anchor projects and the problem scenarios. The generation
// that turns them into rows lives in demo-projects.ts.

/** The project owner whose staff log in as dcf.owner (an organization and a market entity of the same name). */
export const DEMO_OWNER_NAME = '聊城市东昌府区城市建设投资有限公司（演示）';

export const REGION = '371502';
/** 0.01亿元 = 1,000,000 CNY in fen: every demo amount is a whole number of these. */
export const CENTI_YI = 100_000_000;
/** 1537.4亿元 in fen. */
export const TOTAL_INVESTMENT_FEN = 15_374_000_000_000;
/** Monthly amounts are whole 万元 (10,000 CNY). */
export const WAN = 1_000_000;

type Cls = 'implementation' | 'planning';
type Level = 'provincial' | 'municipal' | 'district';
type Sector = 'industrial' | 'education' | 'shanty_town' | 'infrastructure' | 'healthcare' | 'culture_tourism' | 'agriculture' | 'other';
export type Status = 'planning' | 'preparation' | 'under_construction' | 'completed';

// ---------------------------------------------------------------------------------------------
// Owners.

export type OwnerSeed = { name: string; industry: string; size: 'large' | 'medium' | 'small' };

export const PUBLIC_OWNERS = {
  chengtou: { name: DEMO_OWNER_NAME, industry: 'E', size: 'large' },
  luxi: { name: '山东聊城鲁西新材料有限公司（演示）', industry: 'C', size: 'large' },
  education: { name: '聊城市东昌府区教育投资有限公司（演示）', industry: 'P', size: 'medium' },
  oldTown: { name: '聊城古城保护开发有限公司（演示）', industry: 'R', size: 'medium' },
  renewal: { name: '聊城市东昌府区城市更新建设有限公司（演示）', industry: 'E', size: 'medium' },
  health: { name: '聊城市东昌府区健康产业投资有限公司（演示）', industry: 'Q', size: 'medium' },
  agri: { name: '聊城市东昌府区农业发展投资有限公司（演示）', industry: 'A', size: 'medium' },
  water: { name: '聊城市东昌府区水务集团有限公司（演示）', industry: 'D', size: 'medium' },
} as const satisfies Record<string, OwnerSeed>;
type PublicOwner = keyof typeof PUBLIC_OWNERS;

/** Industrial owners: a brand and a trade, one company per pair. */
export const BRANDS = ['昌润', '鲁源', '瑞泰', '恒信', '金泰', '华昱', '东岳', '凤凰', '运通', '光岳', '水城', '嘉诚', '齐鲁恒', '博远', '润丰', '宏晟', '鼎新', '中昌'];
export const TRADES = [
  { word: '新材料', products: ['高性能纤维', '功能性膜材料', '碳纤维复合材料', '可降解新材料'], outputs: ['2万吨', '5万吨', '3000万平方米'] },
  { word: '智能装备', products: ['智能农机装备', '工业机器人', '数控机床', '智能仓储装备'], outputs: ['3000台套', '5000台套', '1万台套'] },
  { word: '汽车零部件', products: ['新能源汽车零部件', '汽车轻量化部件', '电驱动总成'], outputs: ['50万件', '100万件', '20万套'] },
  { word: '轴承', products: ['高端精密轴承', '风电轴承', '轴承滚动体'], outputs: ['500万套', '1000万套', '2亿粒'] },
  { word: '生物科技', products: ['生物医药中间体', '原料药', '功能性食品'], outputs: ['500吨', '1000吨', '3000吨'] },
  { word: '电子科技', products: ['光电芯片封装', '半导体器件', '智能终端'], outputs: ['1亿只', '2亿只', '100万台'] },
  { word: '新能源', products: ['锂电池正极材料', '氢能装备', '光伏组件'], outputs: ['1万吨', '2GW', '500台套'] },
  { word: '纺织', products: ['高端纺织面料', '功能性纱线'], outputs: ['5000万米', '3万吨'] },
  { word: '食品', products: ['绿色食品加工', '预制菜', '冷链食品'], outputs: ['5万吨', '10万吨'] },
  { word: '钢结构', products: ['装配式建筑构件', '钢结构桥梁'], outputs: ['10万吨', '20万吨'] },
] as const;

// ---------------------------------------------------------------------------------------------
// Names.

export const STREETS = ['古楼街道', '柳园街道', '新区街道', '湖西街道', '道口铺街道', '闫寺街道', '凤凰街道', '北城街道', '李海务街道', '东城街道'];
export const TOWNS = ['侯营镇', '沙镇镇', '堂邑镇', '梁水镇镇', '斗虎屯镇', '郑家镇', '张炉集镇', '于集镇', '许营镇', '朱老庄镇', '顾官屯镇', '广平乡'];
export const PARKS = ['东昌府区经济开发区', '沙镇镇工业园', '郑家镇工业园', '堂邑镇工业园', '东昌府区高新技术产业园'];
export const SCHOOLS = ['实验小学', '第二实验中学', '九年一贯制学校', '中心幼儿园', '实验幼儿园', '育才学校', '职业中专实训楼', '特殊教育学校', '第三中学'];
export const VILLAGES = ['王堤口', '西关', '米市街', '大石桥', '双力', '后菜园', '刘庄', '许庄', '堤口', '徐庄', '东关', '朝阳', '新华', '辛庄'];
export const ROADS = ['东昌路', '光岳路', '振兴路', '柳园路', '建设路', '花园路', '兴华路', '利民路', '湖南路', '昌润路', '松桂大街', '站前街', '嘉明路', '卫育路'];
export const INFRA = ['道路工程', '道路及配套管网工程', '雨污分流改造工程', '供热管网改造工程', '桥梁工程', '提升改造工程'];
/** Provincial and municipal projects are large: names that fit their size. */
export const SENIOR_NAMES: Record<'education' | 'shanty_town' | 'infrastructure', readonly string[]> = {
  education: ['东昌府区职业教育园区建设项目', '东昌府区高级中学新校区建设项目', '东昌府区教育综合体建设项目'],
  shanty_town: ['古城区东关片区棚改安置房建设项目', '主城区城中村改造项目', '米市街片区城市更新项目'],
  infrastructure: ['东昌府区城市快速路工程', '徒骇河东昌府段综合治理工程', '城区集中供热管网工程', '环城水系连通工程'],
};
export const PLANNING_NAMES: Record<Exclude<Sector, 'industrial'>, readonly string[]> = {
  culture_tourism: ['中国运河文化博览园', '东昌湖文旅融合示范区', '古城研学旅游基地', '运河湿地公园', '光岳楼历史街区保护利用', '东昌府区非遗文化产业园', '乡村旅游示范片区', '古城夜间文旅街区'],
  healthcare: ['人民医院新院区', '中医医院康养中心', '妇幼保健院迁建', '镇卫生院提升改造', '医养结合服务中心', '疾控中心实验楼'],
  agriculture: ['现代农业产业园', '高标准农田建设', '农产品冷链物流中心', '设施蔬菜产业园', '数字农业示范基地', '金银花种植加工园', '智慧农机服务中心'],
  infrastructure: ['东昌府区智慧冷链物流园', '城区供水管网改造', '城区停车场建设', '公交枢纽站', '城市污水处理厂扩建', '城区综合管廊', '环城水系连通', '城乡供水一体化', '城区集中供热热源'],
  education: ['职业教育中心', '第四实验小学', '城区幼儿园补短板', '青少年综合实践基地'],
  shanty_town: [],
  other: ['数字经济产业园', '人才公寓', '总部经济大厦', '城市展示中心', '应急物资储备中心'],
};

// ---------------------------------------------------------------------------------------------
// The registry layout: counts by class, level and sector.

export type Slot = { cls: Cls; level: Level; sector: Sector; n: number };

/** What the generated projects add to the ten hand-written ones (these carry 1 provincial and 3 municipal). */
export const SLOTS: Slot[] = [
  { cls: 'implementation', level: 'provincial', sector: 'industrial', n: 5 },
  { cls: 'implementation', level: 'municipal', sector: 'industrial', n: 9 },
  { cls: 'implementation', level: 'district', sector: 'industrial', n: 27 },
  { cls: 'implementation', level: 'municipal', sector: 'education', n: 2 },
  { cls: 'implementation', level: 'district', sector: 'education', n: 13 },
  { cls: 'implementation', level: 'provincial', sector: 'shanty_town', n: 1 },
  { cls: 'implementation', level: 'municipal', sector: 'shanty_town', n: 2 },
  { cls: 'implementation', level: 'district', sector: 'shanty_town', n: 9 },
  { cls: 'implementation', level: 'provincial', sector: 'infrastructure', n: 2 },
  { cls: 'implementation', level: 'municipal', sector: 'infrastructure', n: 2 },
  { cls: 'implementation', level: 'district', sector: 'infrastructure', n: 14 },
  { cls: 'planning', level: 'district', sector: 'industrial', n: 22 },
  { cls: 'planning', level: 'district', sector: 'infrastructure', n: 9 },
  { cls: 'planning', level: 'district', sector: 'culture_tourism', n: 8 },
  { cls: 'planning', level: 'district', sector: 'healthcare', n: 6 },
  { cls: 'planning', level: 'district', sector: 'agriculture', n: 7 },
  { cls: 'planning', level: 'district', sector: 'education', n: 4 },
  { cls: 'planning', level: 'district', sector: 'other', n: 5 },
];

/** Start plan of a project: `continuing` started in an earlier year; `new` is planned to start this year. */
export type Start = { kind: 'continuing'; yearsAgo: number; month: number } | { kind: 'new'; month: number; day: number; delay: number | null } | { kind: 'none' };

export type ProjectPlan = {
  name: string;
  owner: PublicOwner | { brand: string; trade: string };
  cls: Cls;
  level: Level;
  sector: Sector;
  /** Total investment in 0.01亿元. */
  total: number;
  /** Annual plan as a share of the total (0 for planning-class projects). */
  planShare: number;
  start: Start;
  /** Share of the annual plan completed per elapsed month (1 = on schedule). */
  pace: number;
  /** Completes this year in this month (continuing projects only). */
  completesInMonth?: number;
  location: string;
};

/**
 * The ten projects of the first slice, kept by number and name (tests and screenshots read them).
 * `day` of a new start is the planned day; `delay` the days until it actually started.
 */
export const ANCHORS: ProjectPlan[] = [
  { name: '鲁西新材料高性能纤维产业园项目', owner: 'luxi', cls: 'implementation', level: 'provincial', sector: 'industrial', total: 3250, planShare: 820 / 3250, start: { kind: 'new', month: 3, day: 1, delay: 11 }, pace: 1.05, location: '东昌府区沙镇镇工业园' },
  { name: '东昌府区智能装备制造产业园', owner: 'luxi', cls: 'implementation', level: 'municipal', sector: 'industrial', total: 1580, planShare: 500 / 1580, start: { kind: 'new', month: 4, day: 1, delay: 19 }, pace: 0.82, location: '东昌府区郑家镇' },
  { name: '新能源汽车零部件生产线技改项目', owner: 'luxi', cls: 'implementation', level: 'district', sector: 'industrial', total: 630, planShare: 310 / 630, start: { kind: 'new', month: 2, day: 15, delay: 13 }, pace: 0.95, location: '东昌府区堂邑镇' },
  { name: '生物医药中间体产业化项目', owner: 'luxi', cls: 'implementation', level: 'district', sector: 'industrial', total: 460, planShare: 200 / 460, start: { kind: 'new', month: 5, day: 10, delay: null }, pace: 0, location: '东昌府区梁水镇镇' },
  { name: '东昌府区第二实验中学新建项目', owner: 'education', cls: 'implementation', level: 'district', sector: 'education', total: 320, planShare: 0.5, start: { kind: 'new', month: 3, day: 15, delay: 0 }, pace: 1.1, location: '东昌府区新区街道' },
  { name: '城区幼儿园扩容工程', owner: 'education', cls: 'implementation', level: 'district', sector: 'education', total: 110, planShare: 1, start: { kind: 'continuing', yearsAgo: 1, month: 10 }, pace: 1.2, completesInMonth: 9, location: '东昌府区古楼街道' },
  { name: '古城区棚户区改造（三期）', owner: 'chengtou', cls: 'implementation', level: 'municipal', sector: 'shanty_town', total: 1860, planShare: 600 / 1860, start: { kind: 'new', month: 3, day: 1, delay: 5 }, pace: 0.9, location: '东昌府区古楼街道' },
  { name: '湖西片区城中村改造项目', owner: 'chengtou', cls: 'implementation', level: 'district', sector: 'shanty_town', total: 940, planShare: 350 / 940, start: { kind: 'new', month: 6, day: 1, delay: null }, pace: 0, location: '东昌府区湖西街道' },
  { name: '东昌路东延及配套管网工程', owner: 'chengtou', cls: 'implementation', level: 'municipal', sector: 'infrastructure', total: 780, planShare: 400 / 780, start: { kind: 'new', month: 3, day: 20, delay: 13 }, pace: 0.88, location: '东昌府区道口铺街道' },
  { name: '城区污水处理厂提标改造工程', owner: 'water', cls: 'implementation', level: 'district', sector: 'infrastructure', total: 290, planShare: 180 / 290, start: { kind: 'new', month: 4, day: 15, delay: 3 }, pace: 1.0, location: '东昌府区柳园街道' },
];

export const STAGES = ['场地平整', '基础施工', '主体施工', '主体封顶', '设备安装', '竣工验收'];
/** Construction slows in the winter months. */
export const MONTH_WEIGHT = [0.5, 0.6, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.7];

export type Who = 'owner' | 'dispatcher' | 'handler';
type Plain = Exclude<ProblemAction, 'assign' | 'reassign' | 'feedback'>;
/** One step, `after` working days after the previous one; assignments and feedback take their input from the seed. */
export type Step =
  | { action: 'assign'; after: number; coUnits: boolean }
  | { action: 'reassign'; after: number; coUnits: boolean; reason: string }
  | { action: 'feedback'; after: number }
  | { [A in Plain]: { action: A; after: number; input: ProblemActionInputs[A] } }[Plain];
export type Scenario = { name: string; severity: ProblemSeverity; startAgo: number; steps: Step[] };

export const WHO: Record<ProblemAction, Who> = {
  assign: 'dispatcher', reassign: 'dispatcher', decide_extension: 'dispatcher', close: 'dispatcher', reject: 'dispatcher',
  accept: 'handler', return: 'handler', request_extension: 'handler', record_progress: 'handler', feedback: 'handler',
  confirm: 'owner',
};

/** Problem texts by category: title, description, the handler's result. */
export const TEXTS: Record<ProblemCategory, ReadonlyArray<readonly [string, string, string]>> = {
  land: [
    ['项目用地指标尚未落实', '项目约 35 亩用地指标尚未落实，影响开工。', '已协调市自然资源和规划局调剂用地指标，完成报批。'],
    ['土地征收补偿款未到位', '部分地块征收补偿款未拨付到村，群众有意见。', '补偿款已拨付到村集体账户并公示。'],
    ['用地预审手续未办结', '用地预审与选址意见书办理进度慢。', '已完成用地预审，核发选址意见书。'],
  ],
  funds: [
    ['专项债资金拨付滞后', '第二批专项债资金未按计划拨付。', '财政局已拨付第二批专项债资金。'],
    ['配套资金缺口较大', '区级配套资金缺口约 3000 万元。', '已纳入区级预算调整，分两批拨付。'],
  ],
  permits: [
    ['施工许可办理缓慢', '施工许可需补充消防设计审查意见。', '消防设计审查已完成，施工许可已核发。'],
    ['环评批复未下达', '项目环评报告已报送两个月，批复未下达。', '环评批复已下达。'],
    ['节能审查待审', '节能报告需补充用能测算。', '已指导企业补充材料，节能审查通过。'],
    ['规划许可需调整', '总平面布置调整后需重新办理规划许可。', '规划许可变更已办结。'],
  ],
  utilities: [
    ['施工用电增容申请未批复', '施工用电需增容至 2000kVA，申请已提交一个月。', '供电公司已完成增容改造并送电。'],
    ['供水管网接入未完成', '项目红线外供水管网未接入。', '供水管网已接入并通水。'],
    ['天然气接入方案未确定', '燃气公司接入方案尚未确定。', '接入方案已确定，开始施工。'],
  ],
  demolition: [
    ['管网沿线 3 户未完成征迁', '管网沿线 3 户居民未签订征迁协议。', '3 户均已签订协议并完成腾迁。'],
    ['地上附着物清表未完成', '项目地块内树木和临时建筑清表未完成。', '清表工作已全部完成。'],
  ],
  financing: [
    ['项目贷款审批进度慢', '银行项目贷款审批已两个月未批复。', '经政银企对接，贷款已获批首笔放款。'],
    ['银行授信额度不足', '企业授信额度不足以覆盖设备采购。', '已协调银行追加授信额度。'],
  ],
  other: [
    ['施工道路通行受限', '运输车辆进出工地道路受限。', '交警部门已划定临时通行路线。'],
    ['夜间施工审批', '混凝土浇筑需夜间连续施工。', '已办理夜间施工许可。'],
  ],
};

const assign = (after: number, coUnits = false): Step => ({ action: 'assign', after, coUnits });
const accept = (after = 1): Step => ({ action: 'accept', after, input: {} });
const progress = (after: number, note = '已召开协调会，明确办理时限。'): Step => ({ action: 'record_progress', after, input: { note } });
const feedback = (after: number): Step => ({ action: 'feedback', after });
const confirm = (after: number, satisfied: boolean, reason?: string): Step => ({ action: 'confirm', after, input: { satisfied, ...(reason === undefined ? {} : { reason }) } });
const close = (after = 1): Step => ({ action: 'close', after, input: { note: '经现场核实问题已解决，予以销号。' } });

/** Every state, overdue and reopened ones, extensions in each outcome, a return and rejections. */
export const SCENARIOS: Array<Scenario & { copies: number }> = [
  { name: 'collected', severity: 'major', startAgo: 2, copies: 4, steps: [] },
  { name: 'assigned', severity: 'general', startAgo: 3, copies: 3, steps: [assign(1, true)] },
  { name: 'assigned, overdue', severity: 'general', startAgo: 12, copies: 3, steps: [assign(1)] },
  { name: 'in progress', severity: 'major', startAgo: 6, copies: 4, steps: [assign(1), accept(), progress(2)] },
  { name: 'in progress, overdue', severity: 'general', startAgo: 20, copies: 3, steps: [assign(1), accept(), progress(3)] },
  {
    name: 'extension pending, overdue', severity: 'general', startAgo: 8, copies: 2,
    steps: [assign(1), accept(), { action: 'request_extension', after: 3, input: { workdays: 5, reason: '需等待上级部门批复，申请延期 5 个工作日。' } }],
  },
  {
    name: 'extension approved', severity: 'general', startAgo: 9, copies: 2,
    steps: [assign(1), accept(), { action: 'request_extension', after: 3, input: { workdays: 10, reason: '需完成专家评审，申请延期 10 个工作日。' } }, { action: 'decide_extension', after: 1, input: { approved: true, reason: '同意延期。' } }],
  },
  {
    name: 'extension refused, overdue', severity: 'general', startAgo: 16, copies: 2,
    steps: [assign(1), accept(), { action: 'request_extension', after: 2, input: { workdays: 10, reason: '材料尚未齐全，申请延期。' } }, { action: 'decide_extension', after: 1, input: { approved: false, reason: '延期理由不充分，请按期办结。' } }],
  },
  { name: 'feedback submitted', severity: 'major', startAgo: 8, copies: 3, steps: [assign(1), accept(), feedback(4)] },
  { name: 'awaiting closure', severity: 'general', startAgo: 10, copies: 3, steps: [assign(1), accept(), feedback(3), confirm(1, true)] },
  { name: 'closed on time', severity: 'general', startAgo: 25, copies: 6, steps: [assign(1, true), accept(), feedback(3), confirm(1, true), close()] },
  { name: 'closed late', severity: 'general', startAgo: 30, copies: 3, steps: [assign(1), accept(2), feedback(9), confirm(1, true), close(2)] },
  { name: 'reopened, overdue', severity: 'general', startAgo: 15, copies: 2, steps: [assign(1), accept(), feedback(3), confirm(1, false, '问题未彻底解决，仍影响施工。'), progress(2, '已重新协调，正在落实。')] },
  { name: 'reopened', severity: 'critical', startAgo: 10, copies: 2, steps: [assign(1), accept(), feedback(4), confirm(1, false, '反馈结果与现场情况不符。')] },
  { name: 'reopened, then closed', severity: 'major', startAgo: 28, copies: 2, steps: [assign(1), accept(), feedback(3), confirm(1, false, '仅完成部分工作，请继续办理。'), feedback(3), confirm(1, true), close()] },
  { name: 'returned', severity: 'general', startAgo: 4, copies: 1, steps: [assign(1), { action: 'return', after: 1, input: { reason: '不属于本单位职责，建议交住建局办理。' } }] },
  { name: 'reassigned', severity: 'major', startAgo: 7, copies: 2, steps: [assign(1), accept(), { action: 'reassign', after: 2, coUnits: true, reason: '增加住建局、发改局协办。' }] },
  { name: 'rejected', severity: 'general', startAgo: 5, copies: 2, steps: [{ action: 'reject', after: 1, input: { reason: '与已交办问题重复。' } }] },
  { name: 'rejected after assignment', severity: 'general', startAgo: 9, copies: 1, steps: [assign(1), { action: 'reject', after: 2, input: { reason: '经核实不属于项目推进问题。' } }] },
];
