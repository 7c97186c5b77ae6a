import type { LoanProductDetailSchema, LoanProductListSchema, LoanProductPutBodySchema, LoanProductSummarySchema, DecisionTestBodySchema } from '@zhengqi/contracts/loan-applications';
import type { EligibilityResult, JdmGraph, LoanProductVersion } from '@zhengqi/contracts/loans';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api-client';

export type ProductSummary = z.infer<typeof LoanProductSummarySchema>;
export type ProductDetail = z.infer<typeof LoanProductDetailSchema>;
export type ProductPutBody = z.infer<typeof LoanProductPutBodySchema>;
export type DecisionTestBody = z.infer<typeof DecisionTestBodySchema>;
export type DecisionKey = 'eligibilityDecision' | 'pricingDecision';

const BASE = '/api/v1/loans/products';

/** The URL of one product version (and of its actions with a suffix). */
export function productUrl(code: string, version: string, action = ''): string {
  return `${BASE}/${encodeURIComponent(code)}/${encodeURIComponent(version)}${action === '' ? '' : `/${action}`}`;
}

/** Every product version, for the list. */
export function useProductList() {
  return useQuery({ queryKey: ['loan-products'], queryFn: () => api<z.infer<typeof LoanProductListSchema>>('GET', BASE) });
}

/** One version with its terms and decision graphs. */
export function useProductDetail(code: string | null, version: string | null) {
  return useQuery({
    queryKey: ['loan-product', code, version],
    queryFn: () => api<ProductDetail>('GET', productUrl(code ?? '', version ?? '')),
    enabled: code !== null && version !== null,
  });
}

/** Creates a draft version or changes one (a published version answers 409). */
export function putProduct(code: string, version: string, body: ProductPutBody): Promise<ProductDetail> {
  return api<ProductDetail>('PUT', productUrl(code, version), body);
}

export function publishProduct(code: string, version: string): Promise<ProductDetail> {
  return api<ProductDetail>('POST', productUrl(code, version, 'publish'), {});
}

/** Runs sample facts through the version, with the graphs given instead of the stored ones. */
export function testProduct(code: string, version: string, body: DecisionTestBody): Promise<EligibilityResult> {
  return api<EligibilityResult>('POST', productUrl(code, version, 'test'), body);
}

/** The PUT body of a version: everything but its code and version name. */
export function putBodyOf(p: LoanProductVersion): ProductPutBody {
  const { productCode: _code, version: _version, ...body } = p;
  return body;
}

/**
 * A key equal for equal JSON values whatever the key order: the database (jsonb) and the decision
 * editor may both reorder keys, which must not read as an edit.
 */
export function stableKey(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(norm);
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

/** What a test run actually evaluates: the saved terms with the graphs sent. Publishing needs this to equal the saved version. */
export function testedKey(saved: LoanProductVersion, graphs: Record<DecisionKey, JdmGraph>): string {
  return stableKey({ ...saved, ...graphs });
}
