import { ApiError } from './api-client';
import { errorText, i18n } from './i18n';

/** A form field and the server's messages about it, ready for `form.setFields`. */
export type FieldError<N extends string = string> = { name: N; errors: string[] };

/**
 * Every per-field message of a problem+json answer, keyed by form field: `errors[]` from
 * validation, else the single `field` of a domain error (with the code's text).
 */
export function fieldMessagesOf(err: ApiError): Map<string, string[]> {
  const en = i18n.language === 'en';
  const byField = new Map<string, string[]>();
  const add = (field: string, text: string) => {
    // Validation paths may be nested (`roles.0`); the form field is the first segment.
    const name = field.split('.')[0] ?? field;
    byField.set(name, [...(byField.get(name) ?? []), text]);
  };
  for (const e of err.problem.errors ?? []) {
    add(e.field, en ? e.messageEn : e.message);
  }
  const single = err.problem.field;
  if (byField.size === 0 && single !== undefined) {
    add(single, errorText(err));
  }
  return byField;
}

/** The messages of `fieldMessagesOf` for the fields this form has; empty when the error is about none of them. */
export function fieldErrorsOf<N extends string>(err: unknown, formFields: readonly N[]): Array<FieldError<N>> {
  if (!(err instanceof ApiError)) {
    return [];
  }
  const byField = fieldMessagesOf(err);
  const out: Array<FieldError<N>> = [];
  for (const name of formFields) {
    const errors = byField.get(name);
    if (errors !== undefined) {
      out.push({ name, errors });
    }
  }
  return out;
}
