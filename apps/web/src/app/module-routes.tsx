import { Spin } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { Permission } from '@zhengqi/contracts/permissions';
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';

/** A module page route, shown only to holders of its permission; pages load lazily. */
export type ModuleRoute = { path: string; permission: Permission; render: (me: Me) => ReactNode };

function page(load: () => Promise<Record<string, unknown>>, name: string) {
  // Each page module exports its component by name; lazy() keeps every module in its own chunk.
  const C = lazy(async () => ({ default: (await load())[name] as ComponentType<{ me: Me }> }));
  return (me: Me) => (
    <Suspense fallback={<Spin />}>
      <C me={me} />
    </Suspense>
  );
}

export const MODULE_ROUTES: readonly ModuleRoute[] = [
  { path: '/entities', permission: 'entity.read', render: page(() => import('../modules/registry/entity-list-page'), 'EntityListPage') },
  { path: '/entities/new', permission: 'entity.write', render: page(() => import('../modules/registry/entity-form-page'), 'EntityFormPage') },
  { path: '/entities/import', permission: 'entity.import', render: page(() => import('../modules/registry/entity-import-page'), 'EntityImportPage') },
  { path: '/entities/:id', permission: 'entity.read', render: page(() => import('../modules/registry/entity-detail-page'), 'EntityDetailPage') },
  { path: '/entities/:id/edit', permission: 'entity.write', render: page(() => import('../modules/registry/entity-form-page'), 'EntityFormPage') },
  { path: '/persons', permission: 'person.read', render: page(() => import('../modules/registry/person-pages'), 'PersonListPage') },
  { path: '/persons/:id', permission: 'person.read', render: page(() => import('../modules/registry/person-pages'), 'PersonDetailPage') },
  { path: '/organizations', permission: 'org.read', render: page(() => import('../modules/admin/organization-page'), 'OrganizationPage') },
  { path: '/users', permission: 'user.read', render: page(() => import('../modules/admin/users-page'), 'UsersPage') },
  { path: '/calendar', permission: 'calendar.read', render: page(() => import('../modules/calendar/calendar-page'), 'CalendarPage') },
  { path: '/admin/reference-lists', permission: 'reference.manage', render: page(() => import('../modules/admin/reference-lists-page'), 'ReferenceListsPage') },
  { path: '/audit', permission: 'audit.read', render: page(() => import('../modules/audit/audit-page'), 'AuditPage') },
  { path: '/projects', permission: 'project.read', render: page(() => import('../modules/projects/project-list-page'), 'ProjectListPage') },
  { path: '/projects/dashboard', permission: 'project.read', render: page(() => import('../modules/projects/dashboard-page'), 'DashboardPage') },
  { path: '/projects/:id', permission: 'project.read', render: page(() => import('../modules/projects/project-detail-page'), 'ProjectDetailPage') },
  { path: '/problems', permission: 'problem.read', render: page(() => import('../modules/projects/problem-board-page'), 'ProblemBoardPage') },
  { path: '/problems/:id', permission: 'problem.read', render: page(() => import('../modules/projects/problem-detail-page'), 'ProblemDetailPage') },
  { path: '/bulletins', permission: 'problem.read', render: page(() => import('../modules/projects/bulletin-pages'), 'BulletinListPage') },
  { path: '/bulletins/:id', permission: 'problem.read', render: page(() => import('../modules/projects/bulletin-pages'), 'BulletinPreviewPage') },
  { path: '/inbox', permission: 'problem.read', render: page(() => import('../modules/projects/inbox-page'), 'InboxPage') },
  { path: '/procedures/overdue', permission: 'project.read', render: page(() => import('../modules/projects/overdue-procedures-page'), 'OverdueProceduresPage') },
  { path: '/loans', permission: 'loan.read', render: page(() => import('../modules/loans/loan-list-page'), 'LoanListPage') },
  { path: '/loans/new', permission: 'loan.apply', render: page(() => import('../modules/loans/loan-new-page'), 'LoanNewPage') },
  { path: '/loans/calculator', permission: 'loan.read', render: page(() => import('../modules/loans/loan-calculator-page'), 'LoanCalculatorPage') },
  { path: '/loans/stats', permission: 'loan.stats', render: page(() => import('../modules/loans/loan-stats-page'), 'LoanStatsPage') },
  { path: '/loans/screening', permission: 'loan.stats', render: page(() => import('../modules/loans/screening-page'), 'ScreeningPage') },
  { path: '/loans/desk', permission: 'loan.stats', render: page(() => import('../modules/loans/desk-page'), 'DeskPage') },
  { path: '/loans/products', permission: 'loan.product', render: page(() => import('../modules/loans/products-page'), 'LoanProductsPage') },
  { path: '/loans/:id', permission: 'loan.read', render: page(() => import('../modules/loans/loan-detail-page'), 'LoanDetailPage') },
];
