import Decimal from 'decimal.js';
import type { JdmGraph, LoanProductVersion } from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import { EligibilityRuleSchema, type EligibilityDecisionOutput, type EligibilityRule } from './eligibility';
import type { EligibilityIndicators } from './facts';
import type { PricingDecisionOutput } from './pricing';

// zen-engine evaluates a few thousand decisions a second from Node (each call crosses into Rust and
// back through a promise): fine for one application, far too slow to screen a million firms. This
// fast path compiles the SAME JDM content into plain functions: it reads the thresholds and tiers
// from the decision tables' rows, and runs the expression nodes' logic in TypeScript, but only when
// those expressions are exactly the ones shipped (below). A graph an administrator reshaped — other
// expressions, other nodes, cells beyond simple unary tests — gets no fast path (null), and the
// caller uses the engine. A property test checks that both agree on random facts.

/** The eligibility graph's expression node, as shipped; the fast path implements exactly these. */
export const ELIGIBILITY_EXPRESSIONS: readonly (readonly [string, string])[] = [
  ['criteria.entity_kind', 'rule.kindAllowed == true'],
  ['criteria.operating_period', 'monthsOperating >= rule.minMonthsOperating'],
  ['criteria.pension_contributors', 'headcountNow != null and headcountNow >= rule.minPensionContributors'],
  ['criteria.headcount_stable', 'headcountDecline != null and (headcountDecline <= 0 or headcountDecline < rule.headcountDeclineTolerance)'],
  ['criteria.wages_on_time', 'wageArrearsMonths <= rule.maxWageArrearsMonths'],
  ['criteria.social_insurance_on_time', 'socialInsuranceArrearsMonths <= rule.maxSocialInsuranceArrearsMonths'],
  ['criteria.good_credit', 'goodCredit == true'],
  ['criteria.small_micro', 'sizeClass in rule.sizeClasses'],
  ['criteria.category', 'some(categories, # in rule.categories)'],
  ['rule', 'rule'],
];

/** The pricing graph's expression node, as shipped. */
export const PRICING_EXPRESSIONS: readonly (readonly [string, string])[] = [
  ['matched', 'tier != null'],
  ['limitFen', 'tier == null ? null : tier.limitFen'],
  ['rateMin', 'tier == null ? null : tier.rateMin - newJobs.rateReduction'],
  ['rateMax', 'tier == null ? null : tier.rateMax - newJobs.rateReduction'],
];

export type FastDecision = {
  eligibility(indicators: EligibilityIndicators): EligibilityDecisionOutput;
  pricing(indicators: EligibilityIndicators): PricingDecisionOutput;
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Node = JdmGraph['nodes'][number];
type Predicate = (v: unknown) => boolean;
type Table = (input: Record<string, unknown>) => Record<string, Json> | null;

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>)?\s*(${NUMBER})$`);
// zen reads [a..b], (a..b), [a..b) and (a..b]; the ]a..b[ spelling does not mean an open range there.
const RANGE = new RegExp(String.raw`^([[(])\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*([\])])$`);

/** Splits on commas outside brackets and quotes. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== null) {
      quote = c === quote ? null : quote;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[' || c === '(') {
      depth++;
    } else if (c === ']' || c === ')') {
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

/** One alternative of a unary test cell: a literal, a comparison or a range; null when not understood. */
function unaryAlternative(s: string): Predicate | null {
  const quoted = /^"([^"\\]*)"$/.exec(s) ?? /^'([^'\\]*)'$/.exec(s);
  if (quoted !== null) {
    const text = quoted[1];
    return (v) => v === text;
  }
  if (s === 'true' || s === 'false') {
    const b = s === 'true';
    return (v) => v === b;
  }
  if (s === 'null') {
    return (v) => v === null || v === undefined;
  }
  const cmp = COMPARISON.exec(s);
  if (cmp !== null) {
    const n = Number(cmp[2]);
    switch (cmp[1]) {
      case '<':
        return (v) => typeof v === 'number' && v < n;
      case '<=':
        return (v) => typeof v === 'number' && v <= n;
      case '>':
        return (v) => typeof v === 'number' && v > n;
      case '>=':
        return (v) => typeof v === 'number' && v >= n;
      case undefined:
        return (v) => v === n;
    }
  }
  const range = RANGE.exec(s);
  if (range !== null) {
    const lo = Number(range[2]);
    const hi = Number(range[3]);
    const loIn = range[1] === '[';
    const hiIn = range[4] === ']';
    return (v) => typeof v === 'number' && (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi);
  }
  return null;
}

/** A decision-table input cell as a predicate: '', literals, comparisons, ranges, comma alternatives; null otherwise. */
export function unaryTest(cell: unknown): Predicate | null {
  if (cell === undefined || (typeof cell === 'string' && cell.trim() === '')) {
    return () => true;
  }
  if (typeof cell !== 'string') {
    return null;
  }
  const alternatives = splitTopLevel(cell.trim()).map(unaryAlternative);
  if (alternatives.some((p) => p === null)) {
    return null;
  }
  const ps = alternatives as Predicate[];
  return ps.length === 1 ? (ps[0] as Predicate) : (v) => ps.some((p) => p(v));
}

function literal(cell: unknown): Json | undefined {
  if (typeof cell !== 'string' || cell.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(cell) as Json;
  } catch {
    return undefined;
  }
}

function setPath(target: Record<string, Json>, path: string, value: Json): void {
  const keys = path.split('.');
  let at = target;
  for (const k of keys.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      at[k] = {};
    }
    at = at[k] as Record<string, Json>;
  }
  at[keys.at(-1) as string] = value;
}

function asRecord(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

/** A first-hit decision table with pass-through whose inputs read top-level fields and whose outputs are literals. */
function compileTable(node: Node | undefined): Table | null {
  const content = asRecord(node?.content);
  if (node?.type !== 'decisionTableNode' || content === null) {
    return null;
  }
  if (content.hitPolicy !== 'first' || content.passThrough !== true || (content.inputField ?? null) !== null || (content.outputPath ?? null) !== null) {
    return null;
  }
  if ((content.executionMode ?? 'single') !== 'single' || !Array.isArray(content.inputs) || !Array.isArray(content.outputs) || !Array.isArray(content.rules)) {
    return null;
  }
  const inputs: { id: string; field: string }[] = [];
  for (const c of content.inputs.map(asRecord)) {
    if (c === null || typeof c.id !== 'string' || typeof c.field !== 'string' || !/^[A-Za-z_]\w*$/.test(c.field)) {
      return null;
    }
    inputs.push({ id: c.id, field: c.field });
  }
  const outputs: { id: string; field: string }[] = [];
  for (const c of content.outputs.map(asRecord)) {
    if (c === null || typeof c.id !== 'string' || typeof c.field !== 'string') {
      return null;
    }
    outputs.push({ id: c.id, field: c.field });
  }
  const rows: { tests: { field: string; test: Predicate }[]; result: Record<string, Json> }[] = [];
  for (const rule of content.rules.map(asRecord)) {
    if (rule === null) {
      return null;
    }
    const tests: { field: string; test: Predicate }[] = [];
    for (const i of inputs) {
      const test = unaryTest(rule[i.id]);
      if (test === null) {
        return null;
      }
      tests.push({ field: i.field, test });
    }
    const result: Record<string, Json> = {};
    for (const o of outputs) {
      const value = literal(rule[o.id]);
      if (value === undefined) {
        return null;
      }
      setPath(result, o.field, value);
    }
    rows.push({ tests, result });
  }
  return (input) => rows.find((r) => r.tests.every((t) => t.test(input[t.field])))?.result ?? null;
}

/** The nodes between input and output when the graph is one straight chain; null otherwise. */
function chain(graph: JdmGraph): Node[] | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs = graph.nodes.filter((n) => n.type === 'inputNode');
  if (inputs.length !== 1 || graph.nodes.filter((n) => n.type === 'outputNode').length !== 1 || graph.edges.length !== graph.nodes.length - 1) {
    return null;
  }
  const path: Node[] = [];
  let at = inputs[0];
  while (at !== undefined && at.type !== 'outputNode') {
    const from: string = at.id;
    const out = graph.edges.filter((e) => e.sourceId === from);
    if (out.length !== 1 || path.length > graph.nodes.length) {
      return null;
    }
    at = byId.get(out[0]?.targetId ?? '');
    if (at !== undefined && at.type !== 'outputNode') {
      path.push(at);
    }
  }
  return at === undefined || path.length !== graph.nodes.length - 2 ? null : path;
}

function hasExpressions(node: Node | undefined, expected: readonly (readonly [string, string])[]): boolean {
  const content = asRecord(node?.content);
  if (node?.type !== 'expressionNode' || content === null || content.passThrough === true || (content.inputField ?? null) !== null || (content.outputPath ?? null) !== null) {
    return false;
  }
  const expressions = Array.isArray(content.expressions) ? content.expressions.map(asRecord) : [];
  return expressions.length === expected.length && expected.every(([key, value], i) => expressions[i]?.key === key && expressions[i]?.value === value);
}

function noRow(which: string): DomainError {
  return new DomainError('LOAN_DECISION_FAILED', { detail: `${which}: no row of the table matched` });
}

function compileEligibility(graph: JdmGraph): FastDecision['eligibility'] | null {
  const nodes = chain(graph);
  if (nodes?.length !== 2 || !hasExpressions(nodes[1], ELIGIBILITY_EXPRESSIONS)) {
    return null;
  }
  const table = compileTable(nodes[0]);
  if (table === null) {
    return null;
  }
  // Every row's outputs are literals, so each row's rule is checked once here, not per firm.
  const rules = new Map<Record<string, Json>, EligibilityRule>();
  const ruleOf = (out: Record<string, Json>): EligibilityRule | null => {
    let rule = rules.get(out);
    if (rule === undefined) {
      const parsed = EligibilityRuleSchema.safeParse(out.rule);
      if (!parsed.success) {
        return null;
      }
      rule = parsed.data;
      rules.set(out, rule);
    }
    return rule;
  };
  return (ind) => {
    const out = table(ind);
    const rule = out === null ? null : ruleOf(out);
    if (rule === null) {
      throw noRow('eligibility');
    }
    const d = ind.headcountDecline;
    return {
      criteria: {
        entity_kind: rule.kindAllowed,
        operating_period: ind.monthsOperating >= rule.minMonthsOperating,
        pension_contributors: ind.headcountNow !== null && ind.headcountNow >= rule.minPensionContributors,
        headcount_stable: d !== null && (d <= 0 || d < rule.headcountDeclineTolerance),
        wages_on_time: ind.wageArrearsMonths <= rule.maxWageArrearsMonths,
        social_insurance_on_time: ind.socialInsuranceArrearsMonths <= rule.maxSocialInsuranceArrearsMonths,
        good_credit: ind.goodCredit,
        small_micro: rule.sizeClasses.includes(ind.sizeClass),
        category: ind.categories.some((c) => rule.categories.includes(c)),
      },
      rule,
    };
  };
}

function numberAt(x: Record<string, Json> | null, key: string, field: string): number | null {
  const v = asRecord(x?.[key])?.[field];
  return typeof v === 'number' ? v : null;
}

function compilePricing(graph: JdmGraph): FastDecision['pricing'] | null {
  const nodes = chain(graph);
  if (nodes?.length !== 3 || !hasExpressions(nodes[2], PRICING_EXPRESSIONS)) {
    return null;
  }
  const tierTable = compileTable(nodes[0]);
  const jobsTable = compileTable(nodes[1]);
  if (tierTable === null || jobsTable === null) {
    return null;
  }
  // Table rows are constants, so each (tier row, new-jobs row) pair is computed once.
  const memo = new Map<Record<string, Json> | null, Map<Record<string, Json> | null, PricingDecisionOutput>>();
  const offerOf = (tier: Record<string, Json> | null, jobs: Record<string, Json> | null): PricingDecisionOutput => {
    const limitFen = numberAt(tier, 'tier', 'limitFen');
    if (tier === null || limitFen === null) {
      return { limitFen: null, rateMin: null, rateMax: null };
    }
    const reduction = numberAt(jobs, 'newJobs', 'rateReduction');
    const rateMin = numberAt(tier, 'tier', 'rateMin');
    const rateMax = numberAt(tier, 'tier', 'rateMax');
    if (reduction === null || rateMin === null || rateMax === null) {
      throw noRow('pricing');
    }
    // zen-engine computes in decimals: 3.85 − 0.15 is 3.7, not 3.6999999999999997
    const minus = (a: number) => new Decimal(String(a)).minus(String(reduction)).toNumber();
    return { limitFen, rateMin: minus(rateMin), rateMax: minus(rateMax) };
  };
  return (ind) => {
    const input = ind as unknown as Record<string, unknown>;
    const tier = tierTable(input);
    // pass-through: the second table sees the first one's output merged over the input
    const jobs = jobsTable(tier === null ? input : { ...input, ...tier });
    let byJobs = memo.get(tier);
    if (byJobs === undefined) {
      byJobs = new Map();
      memo.set(tier, byJobs);
    }
    let out = byJobs.get(jobs);
    if (out === undefined) {
      out = offerOf(tier, jobs);
      byJobs.set(jobs, out);
    }
    return out;
  };
}

/**
 * Plain-function versions of a product version's two decisions, reading the thresholds and tiers
 * from the JDM tables; null when the graphs are not in the shipped shape (use the engine then).
 */
export function compileFastDecision(version: Pick<LoanProductVersion, 'eligibilityDecision' | 'pricingDecision'>): FastDecision | null {
  const eligibility = compileEligibility(version.eligibilityDecision);
  const pricing = compilePricing(version.pricingDecision);
  return eligibility === null || pricing === null ? null : { eligibility, pricing };
}
