import type { Problem } from '@zhengqi/contracts/common';
import type { LoanAction, LoanActionInputs, LoanDetail } from '@zhengqi/contracts/loan-applications';
import { ApiError, api } from '../../app/api-client';

/** The URL of one application. */
export function loanUrl(id: string): string {
  return `/api/v1/loans/applications/${encodeURIComponent(id)}`;
}

/**
 * Runs one action on an application. A disbursement carries its `Idempotency-Key`: the shared
 * `api()` sends no custom headers, so that one call goes through fetch here with the same CSRF
 * header and the same problem+json → ApiError mapping.
 */
export async function postLoanAction<A extends LoanAction>(
  id: string,
  action: A,
  body: LoanActionInputs[A],
  opts: { csrfToken: string; idempotencyKey?: string },
): Promise<LoanDetail> {
  const url = `${loanUrl(id)}/${action}`;
  if (opts.idempotencyKey === undefined) {
    return api<LoanDetail>('POST', url, body);
  }
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': opts.csrfToken, 'idempotency-key': opts.idempotencyKey },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    let problem: Problem;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = { type: 'about:blank', title: res.statusText, status: res.status, code: 'INTERNAL', message: res.statusText, messageEn: res.statusText };
    }
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as LoanDetail;
}
