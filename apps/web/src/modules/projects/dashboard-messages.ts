import { addMessages } from '../../app/i18n';

// The dashboard's series by month and the unit ranking; loaded with the dashboard page.
addMessages('dashboard', {
  zh: {
    monthly: {
      title: '年度投资完成率与时间进度（按月）',
      completed: '当月完成投资（亿元）',
      completionRate: '累计投资完成率（%）',
      timeProgress: '时间进度（%）',
      partial: '{{month}}为本月，数据截至 {{asOf}}',
      empty: '所选年度尚无月份数据',
    },
    ranking: {
      title: '责任单位排名（按期销号率）',
      period: '{{year}}年度 · 数据截至 {{asOf}}',
      rate: '按期销号率（%）',
      assigned: '交办问题',
      closedOnTime: '按期销号',
      overdue: '逾期未办结',
      reopened: '重办',
      noClosed: '无已销号问题',
      empty: '所选年度和区划暂无交办给责任单位的问题',
    },
  },
  en: {
    monthly: {
      title: 'Plan completion against time progress by month',
      completed: 'Completed in the month (100 m CNY)',
      completionRate: 'Cumulative completion (%)',
      timeProgress: 'Time progress (%)',
      partial: '{{month}} is still running; figures as of {{asOf}}',
      empty: 'No months to show for the year chosen',
    },
    ranking: {
      title: 'Responsible units by on-time closure rate',
      period: '{{year}} · as of {{asOf}}',
      rate: 'On-time closure rate (%)',
      assigned: 'Assigned',
      closedOnTime: 'Closed on time',
      overdue: 'Overdue, open',
      reopened: 'Reopened',
      noClosed: 'none closed yet',
      empty: 'No problems assigned to a unit in the year and region chosen',
    },
  },
});
