import { IdSchema } from '@zhengqi/contracts/common';
import {
  DecisionTestBodySchema, DeskEntryBodySchema, DeskEntrySchema, DeskListQuerySchema, DeskPageSchema, LOAN_ACTION_BODY_SCHEMAS, LOAN_ACTION_LABELS, LOAN_ACTIONS, LOAN_TRANSITIONS,
  LoanApplicationCreateBodySchema, LoanDetailSchema, LoanListQuerySchema, LoanPageSchema, LoanProductDetailSchema, LoanProductListSchema, LoanProductPutBodySchema,
  LoanStatsDetailSchema, OwnEntitiesSchema, ScreeningBodySchema, ScreeningJobSchema, type LoanAction, type LoanActionInputs,
} from '@zhengqi/contracts/loan-applications';
import {
  EligibilityRequestSchema, EligibilityResultSchema, LoanStatsQuerySchema, LoanStatsSchema, PREVIEW_DEFAULT_DAY_COUNT, SchedulePreviewRequestSchema, SchedulePreviewSchema,
} from '@zhengqi/contracts/loans';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { sendDownload, XLSX_TYPE } from '../../platform/http/download';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { getProduct, listProducts, publishProduct, putProduct, testProduct } from './loan-products-service';
import { getScreening, screeningWorkbook, startScreening } from './loan-screening';
import { actOnApplication, checkEligibility, createApplication, getApplication, listApplications, ownEntities } from './loan-service';
import { addDeskEntry, listDesk, loanStats, loanStatsDetail } from './loan-stats-service';
import { scheduleWorkbook } from './loan-schedule-export';
import { buildSchedule } from './schedule';

const Params = z.object({ id: IdSchema });
const ProductParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_-]{1,63}$/), version: z.string().regex(/^[0-9A-Za-z._-]{1,16}$/) });

/** Employment-linked special loans (稳岗扩岗专项贷款): products, eligibility, applications, screening, statistics, desk log. */
export function registerLoanRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/v1/loans/eligibility', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'Eligibility of a registry record or of given facts, explained criterion by criterion, under the version in force on `date`', body: EligibilityRequestSchema, response: { 200: EligibilityResultSchema } },
    handler: async (req) => checkEligibility(ctx, actorOf(req), req.body),
  });

  app.post('/api/v1/loans/schedule-preview', {
    config: { access: 'authenticated' },
    schema: { tags: ['loans'], summary: `Repayment schedule preview (loan calculator); dayCount defaults to ${PREVIEW_DEFAULT_DAY_COUNT}`, body: SchedulePreviewRequestSchema, response: { 200: SchedulePreviewSchema } },
    handler: async (req) => buildSchedule({ ...req.body, dayCount: req.body.dayCount ?? PREVIEW_DEFAULT_DAY_COUNT }),
  });

  app.get('/api/v1/loans/stats', {
    config: { access: 'loan.stats' },
    schema: { tags: ['loans'], summary: 'Loans issued (count, amount), outstanding balance, jobs sustained; versions are named by year (2023, 2025)', querystring: LoanStatsQuerySchema, response: { 200: LoanStatsSchema } },
    handler: async (req) => loanStats(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/loans/stats/detail', {
    config: { access: 'loan.stats' },
    schema: { tags: ['loans'], summary: 'The statistics by bank, region, category, month and state', querystring: LoanStatsQuerySchema, response: { 200: LoanStatsDetailSchema } },
    handler: async (req) => loanStatsDetail(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/loans/products', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'Loan product versions, drafts included', response: { 200: LoanProductListSchema } },
    handler: async (req) => listProducts(ctx, actorOf(req)),
  });

  app.get('/api/v1/loans/products/:code/:version', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'One product version with its decision graphs', params: ProductParams, response: { 200: LoanProductDetailSchema } },
    handler: async (req) => getProduct(ctx, actorOf(req), req.params.code, req.params.version),
  });

  app.put('/api/v1/loans/products/:code/:version', {
    config: { access: 'loan.product' },
    schema: { tags: ['loans'], summary: 'Create or change a draft version (published versions are immutable: 409)', params: ProductParams, body: LoanProductPutBodySchema, response: { 200: LoanProductDetailSchema } },
    handler: async (req) => putProduct(ctx, actorOf(req), req.params.code, req.params.version, req.body),
  });

  app.post('/api/v1/loans/products/:code/:version/publish', {
    config: { access: 'loan.product' },
    schema: { tags: ['loans'], summary: 'Publish a draft version (no body)', params: ProductParams, response: { 200: LoanProductDetailSchema } },
    handler: async (req) => publishProduct(ctx, actorOf(req), req.params.code, req.params.version),
  });

  app.post('/api/v1/loans/products/:code/:version/test', {
    config: { access: 'loan.product' },
    schema: { tags: ['loans'], summary: 'Test panel: sample facts through the version’s decisions or unsaved graphs', params: ProductParams, body: DecisionTestBodySchema, response: { 200: EligibilityResultSchema } },
    handler: async (req) => testProduct(ctx, actorOf(req), req.params.code, req.params.version, req.body),
  });

  app.get('/api/v1/loans/applications', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'Applications in the caller’s jurisdiction (an enterprise sees its own)', querystring: LoanListQuerySchema, response: { 200: LoanPageSchema } },
    handler: async (req) => listApplications(ctx, actorOf(req), req.query),
  });

  app.post('/api/v1/loans/applications', {
    config: { access: 'loan.apply' },
    schema: { tags: ['loans'], summary: 'Record an application (draft): by the enterprise, or by a loan officer after a consultation', body: LoanApplicationCreateBodySchema, response: { 201: LoanDetailSchema } },
    handler: async (req, reply) => reply.code(201).send(await createApplication(ctx, actorOf(req), req.body)),
  });

  app.get('/api/v1/loans/my-entities', {
    config: { access: 'loan.apply' },
    schema: { tags: ['loans'], summary: 'The market entities the caller acts for (an enterprise user’s own firm)', response: { 200: OwnEntitiesSchema } },
    handler: async (req) => ownEntities(ctx, actorOf(req)),
  });

  app.get('/api/v1/loans/applications/:id', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'One application: timeline, eligibility explanation, decision, schedule, available actions', params: Params, response: { 200: LoanDetailSchema } },
    handler: async (req) => getApplication(ctx, actorOf(req), req.params.id),
  });

  app.get('/api/v1/loans/applications/:id/schedule.xlsx', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'The repayment schedule as Excel', params: Params },
    handler: async (req, reply) => {
      const d = await getApplication(ctx, actorOf(req), req.params.id);
      return sendDownload(reply, XLSX_TYPE, await scheduleWorkbook(d), `还款计划-${d.number}.xlsx`, `schedule-${d.number}.xlsx`);
    },
  });

  const registerAction = <A extends LoanAction>(action: A) => {
    const permission = LOAN_TRANSITIONS.find((t) => t.action === action)?.permission ?? 'loan.apply';
    app.post(`/api/v1/loans/applications/:id/${action}`, {
      config: { access: permission },
      schema: {
        tags: ['loans'],
        summary: `${LOAN_ACTION_LABELS[action].en} (${LOAN_ACTION_LABELS[action].zh})${action === 'disburse' ? '; needs an Idempotency-Key header: the same key twice disburses once' : ''}; a stale \`version\` is 409`,
        params: Params,
        ...(action === 'disburse' ? { headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }) } : {}),
        body: LOAN_ACTION_BODY_SCHEMAS[action],
        response: { 200: LoanDetailSchema },
      },
      handler: async (req) => {
        const key = req.headers['idempotency-key'];
        return actOnApplication(ctx, actorOf(req), req.params.id, action, req.body as LoanActionInputs[A], typeof key === 'string' ? key : undefined);
      },
    });
  };
  for (const a of LOAN_ACTIONS) {
    registerAction(a);
  }

  app.post('/api/v1/loans/screenings', {
    config: { access: 'loan.stats' },
    schema: { tags: ['loans'], summary: 'Start screening every enterprise in a jurisdiction (proactive outreach); poll GET for progress', body: ScreeningBodySchema, response: { 202: ScreeningJobSchema } },
    handler: async (req, reply) => reply.code(202).send(await startScreening(ctx, actorOf(req), req.body)),
  });

  app.get('/api/v1/loans/screenings/:id', {
    config: { access: 'loan.stats' },
    schema: { tags: ['loans'], summary: 'A screening’s progress and, when done, the eligible firms', params: z.object({ id: z.string().regex(/^scr_[0-9a-z]{4,32}$/) }), response: { 200: ScreeningJobSchema } },
    handler: async (req) => getScreening(actorOf(req), req.params.id),
  });

  app.get('/api/v1/loans/screenings/:id/xlsx', {
    config: { access: 'loan.stats' },
    schema: { tags: ['loans'], summary: 'The eligible list as Excel', params: z.object({ id: z.string().regex(/^scr_[0-9a-z]{4,32}$/) }) },
    handler: async (req, reply) => sendDownload(reply, XLSX_TYPE, await screeningWorkbook(actorOf(req), req.params.id), '稳岗贷款筛查名单.xlsx', 'loan-screening.xlsx'),
  });

  app.get('/api/v1/loans/desk', {
    config: { access: 'loan.read' },
    schema: { tags: ['loans'], summary: 'The government–bank–enterprise desk log (政银企对接台账)', querystring: DeskListQuerySchema, response: { 200: DeskPageSchema } },
    handler: async (req) => listDesk(ctx, actorOf(req), req.query),
  });

  app.post('/api/v1/loans/desk', {
    config: { access: 'loan.desk' },
    schema: { tags: ['loans'], summary: 'Record a meeting, consultation or follow-up', body: DeskEntryBodySchema, response: { 201: DeskEntrySchema } },
    handler: async (req, reply) => reply.code(201).send(await addDeskEntry(ctx, actorOf(req), req.body)),
  });
}
