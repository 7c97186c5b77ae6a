import { ERROR_CATALOG, type ErrorCode } from '@zhengqi/contracts/errors';
import type { Problem } from '@zhengqi/contracts/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors/domain-error';

const zhErrors = z.locales.zhCN();

/** Builds the problem+json body for a code. */
export function problemBody(code: ErrorCode, requestId: string, more: Partial<Problem> = {}): Problem {
  const c = ERROR_CATALOG[code];
  return {
    type: `https://zhengqi.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: c.en,
    status: c.status,
    code,
    message: c.zh,
    messageEn: c.en,
    requestId,
    ...more,
  };
}

function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

type ZodIssueLike = { path?: PropertyKey[]; message?: string; code?: string };
type ValidationEntry = { keyword?: string; instancePath?: string; message?: string; params?: Record<string, unknown> & { issue?: ZodIssueLike; missingProperty?: string } };

// fastify-type-provider-zod 7 flattens each zod issue into Ajv's shape (path → instancePath,
// code → keyword, the rest → params); rebuild the issue so the offending field is named.
function issueOf(v: ValidationEntry): ZodIssueLike {
  if (v.params?.issue !== undefined) {
    return v.params.issue;
  }
  const path: PropertyKey[] = (v.instancePath ?? '').split('/').filter((s) => s !== '');
  if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') {
    path.push(v.params.missingProperty);
  }
  return { ...(v.params ?? {}), path, ...(v.keyword === undefined ? {} : { code: v.keyword }), ...(v.message === undefined ? {} : { message: v.message }) };
}

function issuesFromValidation(err: FastifyError): FieldIssue[] {
  const ctx = (err as { validationContext?: string }).validationContext ?? 'body';
  return (err.validation ?? []).map((v) => {
    const p = issueOf(v);
    const path = (p.path ?? []).map(String).join('.');
    const field = path === '' ? ctx : path;
    let zh = p.message ?? '';
    try {
      const localized = zhErrors.localeError(p as Parameters<typeof zhErrors.localeError>[0]);
      zh = typeof localized === 'string' ? localized : (localized?.message ?? zh);
    } catch {
      // keep the English text if the zh map cannot render this issue
    }
    return { field, code: p.code ?? 'invalid', message: `${field}：${zh}`, messageEn: `${field}: ${p.message ?? 'invalid'}` };
  });
}

/** The one error handler: domain codes, validation, framework and database errors → problem+json. */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = req.id;
  if (err instanceof DomainError) {
    const extra = err.opts.extra ?? {};
    return sendProblem(reply, {
      ...problemBody(err.code, requestId, {
        ...(err.opts.field === undefined ? {} : { field: err.opts.field }),
        ...(err.opts.detail === undefined ? {} : { detail: err.opts.detail }),
        ...(err.opts.errors === undefined ? {} : { errors: err.opts.errors }),
      }),
      ...extra,
    });
  }
  if (hasZodFastifySchemaValidationErrors(err) || err.validation !== undefined) {
    const errors = issuesFromValidation(err);
    const first = errors[0];
    return sendProblem(reply, problemBody('VALIDATION_FAILED', requestId, {
      errors,
      ...(first === undefined ? {} : { field: first.field, message: `提交的数据不符合要求：${first.message}`, messageEn: `The request data is invalid: ${first.messageEn}` }),
    }));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, problemBody('PAYLOAD_TOO_LARGE', requestId));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, problemBody('UNSUPPORTED_MEDIA_TYPE', requestId));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendProblem(reply, problemBody('BAD_REQUEST', requestId, { field: 'body' }));
    default:
      break;
  }
  if (err.statusCode === 429) {
    return sendProblem(reply, problemBody('RATE_LIMITED', requestId));
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return sendProblem(reply, problemBody(err.statusCode === 404 ? 'NOT_FOUND' : err.statusCode === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST', requestId));
  }
  const pgCode = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  if (pgCode === '23505') {
    return sendProblem(reply, problemBody('DUPLICATE', requestId));
  }
  if (pgCode === '42501') {
    // Row-level security refused the write: the row lies outside the caller's jurisdiction.
    return sendProblem(reply, problemBody('OUT_OF_JURISDICTION', requestId));
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, problemBody('INTERNAL', requestId));
}

/** Unknown routes are problem+json 404s too. */
export function handleNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problemBody('ROUTE_NOT_FOUND', req.id, { detail: `${req.method} ${req.url.split('?')[0] ?? ''}` }));
}
