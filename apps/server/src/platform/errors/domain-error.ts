import type { ErrorCode } from '@zhengqi/contracts/errors';

export type FieldIssue = { field: string; code: string; message: string; messageEn: string };

/** A rule was broken. Domain code throws this; one HTTP handler maps it to problem+json. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly opts: { field?: string; detail?: string; errors?: FieldIssue[]; extra?: Record<string, unknown> } = {},
  ) {
    super(opts.detail === undefined ? code : `${code}: ${opts.detail}`);
    this.name = 'DomainError';
  }
}
