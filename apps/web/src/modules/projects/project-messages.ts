import { addMessages } from '../../app/i18n';

// Loaded with the navigation (its two entries need their labels before any page is opened).
addMessages('projects', {
  zh: {
    nav: { projects: '重点项目', problems: '问题督办' },
    title: '重点项目',
    searchPlaceholder: '项目名称或编号',
    dashboard: '东昌府区重点项目看板',
    openDashboard: '统计看板',
    columns: '显示列',
    exportStem: '重点项目',
    fields: {
      number: '项目编号', name: '项目名称', region: '所属区划', owner: '建设单位', class: '项目类别', level: '项目级别', sector: '行业领域',
      totalInvestment: '总投资（万元）', annualPlan: '年度计划投资（万元）', completedThisYear: '本年完成投资（万元）', completionRate: '年度投资完成率',
      year: '年度', plannedStartOn: '计划开工', actualStartOn: '实际开工', plannedCompletionOn: '计划竣工', actualCompletionOn: '实际竣工',
      status: '项目状态', location: '建设地点', description: '建设内容', version: '版本', updatedAt: '更新时间',
    },
    filter: { region: '区划', year: '年度', class: '类别', sector: '行业' },
    detail: {
      title: '项目详情',
      overview: '项目概况',
      chart: '年度投资完成情况',
      monthly: '当月完成投资（万元）',
      cumulative: '累计完成投资（万元）',
      plan: '年度计划投资（万元）',
      reports: '月度进展（形象进度）',
      month: '月份',
      investment: '当月完成投资（万元）',
      stage: '形象进度',
      percent: '进度百分比',
      problems: '项目问题',
      raise: '反映问题',
    },
    raise: { title: '反映问题（问题收集）', category: '问题类别', severity: '严重程度', problemTitle: '问题标题', description: '问题描述', done: '问题已提交' },
    board: {
      title: '问题督办',
      allStates: '全部',
      overdueOnly: '仅看逾期',
      overdueDays: '逾期 {{days}} 个工作日',
      provisional: '（日历未发布，期限为暂定）',
    },
    problem: {
      number: '问题编号', project: '所属项目', category: '类别', severity: '严重程度', title: '问题', state: '状态', unit: '责任单位', handler: '经办人',
      deadline: '办结期限', reopenings: '重办次数', description: '问题描述', assignedOn: '交办日期', feedbackOn: '反馈日期', closedOn: '销号日期',
      result: '办理结果', closingNote: '销号说明', rejectReason: '驳回理由', extension: '延期申请', coUnits: '协办单位', overdue: '逾期',
      timeline: '办理过程（全程留痕）', at: '时间', actor: '办理人', action: '环节', fromTo: '状态变化', note: '说明', collect: '收集',
      actions: '可执行的操作', noActions: '当前没有您可执行的操作',
      extensionStatus: { pending: '待审批', approved: '已批准', refused: '未批准' },
      extensionText: '{{days}} 个工作日：{{reason}}（{{status}}）',
    },
    action: {
      unit: '责任单位', unitId: '责任单位 ID', handler: '经办人', handlerId: '经办人用户 ID', idHint: '您无权查看该列表，请输入 ID',
      reason: '理由', workdays: '延期工作日数', approved: '是否批准', approve: '批准', refuse: '不批准', note: '说明', result: '办理结果',
      satisfied: '是否满意', satisfiedYes: '满意', satisfiedNo: '不满意', submit: '提交', done: '已完成：{{action}}',
      conflict: '他人已先行处理该问题，请刷新后查看最新状态', reload: '刷新',
    },
    stats: {
      count: '项目个数', totalInvestment: '总投资（亿元）', average: '平均投资（亿元）', industrialShare: '实施类中工业项目占比',
      startRate: '开工率', planCompletion: '年度投资完成率', timeProgress: '时间进度', gap: '与时间进度差距（百分点）',
      bySector: '分行业投资（亿元）', completionVsTime: '年度投资完成率与时间进度', startRateTitle: '开工率（开工 / 计划开工）',
      funnel: '问题办理漏斗（按状态）', started: '已开工 {{started}} / 计划开工 {{planned}}', investment: '投资（亿元）', projects: '项目个数',
    },
  },
  en: {
    nav: { projects: 'Key projects (重点项目)', problems: 'Problems (问题督办)' },
    title: 'Key projects (重点项目)',
    searchPlaceholder: 'Project name or number',
    dashboard: 'Dongchangfu key-project dashboard',
    openDashboard: 'Dashboard',
    columns: 'Columns',
    exportStem: 'key-projects',
    fields: {
      number: 'Number', name: 'Name', region: 'Region', owner: 'Owner (建设单位)', class: 'Class', level: 'Level', sector: 'Sector',
      totalInvestment: 'Total investment (10k CNY)', annualPlan: 'Annual plan (10k CNY)', completedThisYear: 'Completed this year (10k CNY)', completionRate: 'Annual completion rate',
      year: 'Year', plannedStartOn: 'Planned start', actualStartOn: 'Actual start', plannedCompletionOn: 'Planned completion', actualCompletionOn: 'Actual completion',
      status: 'Status', location: 'Location', description: 'Description', version: 'Version', updatedAt: 'Updated',
    },
    filter: { region: 'Region', year: 'Year', class: 'Class', sector: 'Sector' },
    detail: {
      title: 'Key project',
      overview: 'Overview',
      chart: 'Investment this year',
      monthly: 'Completed in the month (10k CNY)',
      cumulative: 'Completed to date (10k CNY)',
      plan: 'Annual plan (10k CNY)',
      reports: 'Monthly progress (形象进度)',
      month: 'Month',
      investment: 'Completed in the month (10k CNY)',
      stage: 'Physical progress',
      percent: 'Percent',
      problems: 'Problems',
      raise: 'Raise a problem',
    },
    raise: { title: 'Raise a problem (问题收集)', category: 'Category', severity: 'Severity', problemTitle: 'Title', description: 'Description', done: 'The problem was raised' },
    board: {
      title: 'Problems (问题督办)',
      allStates: 'All',
      overdueOnly: 'Overdue only',
      overdueDays: '{{days}} working days overdue',
      provisional: '(calendar not yet published; provisional deadline)',
    },
    problem: {
      number: 'Number', project: 'Project', category: 'Category', severity: 'Severity', title: 'Problem', state: 'State', unit: 'Responsible unit', handler: 'Handler',
      deadline: 'Deadline', reopenings: 'Reopenings', description: 'Description', assignedOn: 'Assigned on', feedbackOn: 'Fed back on', closedOn: 'Closed on',
      result: 'Result', closingNote: 'Closing note', rejectReason: 'Reason for rejection', extension: 'Extension', coUnits: 'Co-handling units', overdue: 'Overdue',
      timeline: 'Timeline (every step)', at: 'When', actor: 'Who', action: 'What', fromTo: 'State', note: 'Note', collect: 'Collect',
      actions: 'Actions available to you', noActions: 'Nothing for you to do on this problem now',
      extensionStatus: { pending: 'pending', approved: 'approved', refused: 'refused' },
      extensionText: '{{days}} working days: {{reason}} ({{status}})',
    },
    action: {
      unit: 'Responsible unit', unitId: 'Responsible unit id', handler: 'Handler', handlerId: 'Handler user id', idHint: 'You may not read that list; enter the id',
      reason: 'Reason', workdays: 'Extra working days', approved: 'Decision', approve: 'Approve', refuse: 'Refuse', note: 'Note', result: 'Result',
      satisfied: 'Satisfied?', satisfiedYes: 'Satisfied', satisfiedNo: 'Not satisfied', submit: 'Submit', done: 'Done: {{action}}',
      conflict: 'Someone else acted on this problem first; reload to see where it stands', reload: 'Reload',
    },
    stats: {
      count: 'Projects', totalInvestment: 'Total investment (100 m CNY, 亿元)', average: 'Average investment (100 m CNY)', industrialShare: 'Industrial share of implementation class',
      startRate: 'Start rate (开工率)', planCompletion: 'Annual investment completion', timeProgress: 'Time progress', gap: 'Gap to time progress (points)',
      bySector: 'Investment by sector (100 m CNY)', completionVsTime: 'Plan completion against time progress', startRateTitle: 'Start rate (started / planned to start)',
      funnel: 'Problem funnel by state', started: '{{started}} started / {{planned}} planned', investment: 'Investment (100 m CNY)', projects: 'Projects',
    },
  },
});

/** The label of a contracts enum value in the current language. */
export function pick(label: { zh: string; en: string } | undefined, en: boolean, fallback = ''): string {
  if (label === undefined) {
    return fallback;
  }
  return en ? label.en : label.zh;
}

/** Integer fen as 万元 (10 000 CNY) with two decimals: the unit the district's tables use. */
export function fenToWan(fen: number): number {
  return Math.round(fen / 10_000) / 100;
}

/** Integer fen as 亿元 (100 million CNY) with two decimals. */
export function fenToYi(fen: number): number {
  return Math.round(fen / 100_000_000) / 100;
}

/** A percentage (already rounded by the server) as text; a dash when there is none. */
export function percentText(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(1)}%`;
}

// Registry parts of a key project: helping officials, the five responsible parties, procedures and the overdue list.
addMessages('projectParts', {
  zh: {
    officials: { title: '帮包领导', name: '姓名', title2: '职务', role: '角色', since: '帮包起始日期', edit: '编辑帮包领导', add: '添加领导', remove: '删除', done: '帮包领导已保存' },
    parties: {
      title: '五方责任主体', kind: '主体', unit: '单位名称', uscc: '统一社会信用代码', person: '负责人', licence: '执业（资格）证号',
      authorisedOn: '授权书日期', commitmentOn: '终身责任承诺书日期', edit: '编辑五方责任主体', done: '五方责任主体已保存', hint: '单位名称留空的主体不保存（清空）',
    },
    procedures: {
      title: '手续办理', kind: '手续', status: '办理状态', unit: '责任单位', appliedOn: '申报日期', approvedOn: '批复日期', limit: '办理时限（工作日）',
      deadline: '办结期限', overdue: '逾期 {{days}} 个工作日', note: '备注', add: '添加手续', edit: '修改手续', done: '手续已保存',
    },
    overdue: { title: '手续办理专项督导', open: '手续督导', region: '区划', project: '项目', number: '项目编号', days: '逾期工作日', exportStem: '手续办理专项督导' },
  },
  en: {
    officials: { title: 'Helping officials (帮包领导)', name: 'Name', title2: 'Title', role: 'Role', since: 'Since', edit: 'Edit helping officials', add: 'Add an official', remove: 'Remove', done: 'Helping officials saved' },
    parties: {
      title: 'Five responsible parties (五方责任主体)', kind: 'Party', unit: 'Unit', uscc: 'USCC', person: 'Responsible person', licence: 'Licence number',
      authorisedOn: 'Authorisation dated', commitmentOn: 'Commitment dated', edit: 'Edit responsible parties', done: 'Responsible parties saved', hint: 'Slots without a unit name are cleared',
    },
    procedures: {
      title: 'Procedures (手续)', kind: 'Procedure', status: 'Status', unit: 'Responsible unit', appliedOn: 'Applied on', approvedOn: 'Approved on', limit: 'Limit (working days)',
      deadline: 'Deadline', overdue: '{{days}} working days overdue', note: 'Note', add: 'Add a procedure', edit: 'Change procedure', done: 'Procedure saved',
    },
    overdue: { title: 'Overdue procedures (手续办理专项督导)', open: 'Overdue procedures', region: 'Region', project: 'Project', number: 'Project number', days: 'Working days overdue', exportStem: 'overdue-procedures' },
  },
});
