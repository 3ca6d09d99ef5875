// String-expansion tables: items, operators, conditions, variables and lookup types.

import expJson from './data/expansion.json';
import { docFor, type DocFamily } from './docs';
import type {
  Doc,
  ExpansionConditionInfo,
  ExpansionData,
  ExpansionItemInfo,
  ExpansionOperatorInfo,
  LookupTypeInfo,
  VariableInfo,
  VariablePatternInfo,
} from './types';

export const expansionData = expJson as unknown as ExpansionData;

/** Copy an entry with its doc and a link: the entry's own, else the doc's, else `defaultLink`. */
function withDoc<T extends { doc?: Doc; link?: string }>(entry: T, family: DocFamily, key: string, defaultLink: string): T {
  const out = { ...entry };
  const doc = docFor(family, key);
  if (doc) out.doc = doc;
  out.link ??= doc?.link ?? defaultLink;
  return out;
}
const links = () => expansionData.defaultLinks;

function lazy<T>(build: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= build());
}

// ---------------------------------------------------------------------------------------------
// items and conditions

const items = lazy(
  () => new Map(expansionData.items.map((i) => [i.name, withDoc(i, 'expansion', `item/${i.name}`, links().items)])),
);
const conditions = lazy(
  () =>
    new Map(
      expansionData.conditions.map((c) => [c.name, withDoc(c, 'expansion', `condition/${c.name}`, links().conditions)]),
    ),
);

/** An expansion item (`${name...}` with braces after the name): if, lookup, sg, extract ... */
export function expansionItem(name: string): ExpansionItemInfo | undefined {
  return items().get(name);
}
export function expansionItems(): ExpansionItemInfo[] {
  return [...items().values()];
}

/** An expansion condition as used in `${if NAME ...}` (without a leading `!`). */
export function expansionCondition(name: string): ExpansionConditionInfo | undefined {
  return conditions().get(name);
}
export function expansionConditions(): ExpansionConditionInfo[] {
  return [...conditions().values()];
}

// ---------------------------------------------------------------------------------------------
// operators

const operatorTables = lazy(() => {
  const underscore = new Map<string, ExpansionOperatorInfo>();
  const main = new Map<string, ExpansionOperatorInfo>();
  for (const o of expansionData.operators) {
    (o.table === 'underscore' ? underscore : main).set(o.name, withDoc(o, 'expansion', `operator/${o.name}`, links().operators));
  }
  return { underscore, main };
});

export type OperatorResolution =
  | { operator: ExpansionOperatorInfo; args: string[] }
  | { error: string };

/**
 * Resolve an operator name as Exim does for `${name:...}`: the full name is looked up in the
 * table of underscore names first; otherwise the name is cut at its first `_`, the part before
 * is looked up in the main table, and the rest are `_`-separated arguments, which only some
 * operators accept (hash_3, substr_1_2, sha2_512, quote_mysql ...).
 */
export function resolveOperator(name: string): OperatorResolution {
  const { underscore, main } = operatorTables();
  const u = underscore.get(name);
  if (u) return { operator: u, args: [] };
  const cut = name.indexOf('_');
  const base = cut < 0 ? name : name.slice(0, cut);
  const op = main.get(base);
  if (!op) return { error: `unknown expansion operator "${name}"` };
  if (cut < 0) return { operator: op, args: [] };
  if (!op.takesArgs) {
    return { error: expansionData.operatorRule.badArgError.replace('%q', `"${name}"`).replace('%.*s', base) };
  }
  return { operator: op, args: name.slice(cut + 1).split('_') };
}

/**
 * What the `_arg`s of an operator may be, as Exim reads them: numbers (at most `max` of them;
 * an empty one is let through, as Exim does), one of a few words, or a lookup type.
 */
type OperatorArgs = { digits: number; signedFirst?: boolean } | { oneOf: readonly string[]; error: string } | { lookupType: true; also: readonly string[] };
const DIGITS_2 = { digits: 2 };
const OPERATOR_ARGS: Readonly<Record<string, OperatorArgs>> = {
  hash: DIGITS_2,
  h: DIGITS_2,
  nhash: DIGITS_2,
  nh: DIGITS_2,
  substr: { digits: 2, signedFirst: true },
  s: { digits: 2, signedFirst: true },
  length: { digits: 1 },
  l: { digits: 1 },
  sha2: { oneOf: ['256', '384', '512'], error: 'unrecognised sha2 variant' },
  sha3: { oneOf: ['224', '256', '384', '512'], error: 'unrecognised sha3 variant' },
  listnamed: { oneOf: ['d', 'h', 'a', 'l'], error: 'bad suffix on "list" operator' },
  quote: { lookupType: true, also: ['ldap_dn'] },
};

/** Exim's complaint about the `_arg`s of an operator (`length_x`, `sha2_128`), or undefined. */
export function operatorArgsError(name: string, operator: ExpansionOperatorInfo, args: readonly string[]): string | undefined {
  const rule = OPERATOR_ARGS[operator.name];
  if (!rule || args.length === 0) return undefined;
  if ('digits' in rule) {
    // substr_-3_2: the start may count from the end.
    const bad = (a: string, i: number) => !(i === 0 && rule.signedFirst ? /^-?\d*$/ : /^\d*$/).test(a);
    return args.length > rule.digits || args.some(bad) ? `non-digit after underscore in "${name}"` : undefined;
  }
  const arg = args.join('_');
  if ('oneOf' in rule) return rule.oneOf.includes(arg) ? undefined : rule.error;
  return lookupType(arg) || rule.also.includes(arg) ? undefined : `unknown lookup type "${arg}"`;
}

/** The operator a name selects (hash_3 -> hash), or undefined when Exim would reject the name. */
export function expansionOperator(name: string): ExpansionOperatorInfo | undefined {
  const r = resolveOperator(name);
  return 'operator' in r ? r.operator : undefined;
}
export function expansionOperators(): ExpansionOperatorInfo[] {
  const { underscore, main } = operatorTables();
  return [...underscore.values(), ...main.values()];
}

// ---------------------------------------------------------------------------------------------
// variables

type PatternMatcher = { info: VariablePatternInfo; test: (name: string) => boolean };

/** Turn a dynamic-variable pattern of the facts into a name test. */
function matcherFor(info: VariablePatternInfo): PatternMatcher {
  const p = info.pattern;
  const inRange = (n: string) =>
    /^\d+$/.test(n) && (info.min === undefined || Number(n) >= info.min) && (info.max === undefined || Number(n) <= info.max);
  let m: RegExpExecArray | null;
  if (p.startsWith('<n>')) {
    // $0 .. $N (also written ${N})
    return { info, test: (name) => inRange(name) };
  }
  if ((m = /^(\w+)<n>$/.exec(p))) {
    const prefix = m[1];
    return { info, test: (name) => name.startsWith(prefix) && inRange(name.slice(prefix.length)) };
  }
  if ((m = /^(\w+)<x>\.\.\.$/.exec(p))) {
    // acl_c / acl_m: the next character must be a digit or underscore
    const prefix = m[1];
    return { info, test: (name) => name.startsWith(prefix) && /^[0-9_]\w*$/.test(name.slice(prefix.length)) };
  }
  if ((m = /^(\w+_)<name>$/.exec(p))) {
    const prefix = m[1];
    return { info, test: (name) => name.startsWith(prefix) && name.length > prefix.length };
  }
  const headerPrefixes = [...p.matchAll(/(\w+_)<name>:/g)].map((x) => x[1]);
  if (headerPrefixes.length) {
    // header forms: $h_Subject: (the name runs to the colon)
    return {
      info,
      test: (name) => headerPrefixes.some((pre) => name.startsWith(pre) && name.replace(/:$/, '').length > pre.length),
    };
  }
  throw new Error(`facts: unrecognised dynamic variable pattern ${p}`);
}

const variables = lazy(
  () =>
    new Map(
      expansionData.variables.map((v): [string, VariableInfo] => [
        v.name,
        withDoc<VariableInfo>({ ...v, kind: 'variable' }, 'variables', v.name, links().variables),
      ]),
    ),
);
const patterns = lazy(() =>
  expansionData.dynamicVariables.map((d) =>
    matcherFor(
      withDoc<VariablePatternInfo>({ ...d, kind: 'pattern' }, 'variables', `pattern/${d.pattern}`, links().variables),
    ),
  ),
);

/**
 * A variable name as written after `$` (or inside `${...}`), without the `$`. Returns the fixed
 * variable, or the dynamic pattern it belongs to: acl_c..., acl_m..., r_..., auth<n>, regex<n>, numeric
 * $0..$20, and the header forms h_/header_/bh_/bheader_/rh_/rheader_/lh_/lheader_ (with or
 * without the trailing colon).
 */
export function expansionVariable(name: string): VariableInfo | VariablePatternInfo | undefined {
  const fixed = variables().get(name);
  if (fixed) return fixed;
  for (const m of patterns()) if (m.test(name)) return m.info;
  return undefined;
}
export function expansionVariables(): VariableInfo[] {
  return [...variables().values()];
}
export function variablePatterns(): VariablePatternInfo[] {
  return patterns().map((m) => m.info);
}

/** Error wording Exim uses for variable references. */
export const variableErrors = expansionData.variableErrors;

// ---------------------------------------------------------------------------------------------
// lookups

const lookups = lazy(
  () =>
    new Map(
      expansionData.lookupTypes.map((l) => [
        l.name,
        withDoc(l, 'lookups', l.name, l.style === 'query' ? links().queryLookups : links().singleKeyLookups),
      ]),
    ),
);

export interface LookupSpec {
  /** The base lookup type, when known. */
  type?: LookupTypeInfo;
  /** The type name as written without decorations. */
  name: string;
  partial?: { length: number; affix: string };
  star?: '*' | '*@';
  options: string[];
  /** Exim's error for this spec, if it would reject it. */
  error?: string;
}

const lookupErrorText = expansionData.lookupSyntax.errors;
const fill = (msg: string, name: string) => msg.replace('%q', `"${name}"`);
const lookupError = {
  unknown: (n: string) => fill(lookupErrorText.unknown, n),
  format: (n: string) => fill(lookupErrorText.format, n),
  partial: (n: string) => fill(lookupErrorText.partial, n),
  star: (n: string) => fill(lookupErrorText.star, n),
};

/**
 * Parse a lookup type with its decorations:
 * `[partial[<n>]-|partial[<n>](<affix>)]<type>[*|*@][,<option>...]`, e.g. `partial-lsearch*@`,
 * `partial3(.)dbm`, `lsearch,ret=full`.
 */
export function parseLookupType(spec: string): LookupSpec {
  const text = spec.trim();
  const m = /^(partial(\d*)(?:\(([^)]*)\)|-))?([A-Za-z0-9_]+)(\*@?)?(?:,(.*))?$/.exec(text);
  if (!m) return { name: text, options: [], error: lookupError.format(text) };
  const [, partial, digits, affix, name, star, opts] = m;
  const out: LookupSpec = {
    name,
    options: opts ? opts.split(',').map((s) => s.trim()).filter(Boolean) : [],
  };
  if (partial !== undefined) {
    out.partial = {
      length: digits ? Number(digits) : expansionData.lookupSyntax.partialDefaultLength,
      affix: affix ?? expansionData.lookupSyntax.partialDefaultAffix,
    };
  }
  if (star) out.star = star as '*' | '*@';
  const type = lookups().get(name);
  if (!type) {
    out.error = lookupError.unknown(name);
    return out;
  }
  out.type = type;
  if (type.style === 'query' && out.partial) out.error = lookupError.partial(name);
  else if (type.style === 'query' && out.star) out.error = lookupError.star(name);
  return out;
}

/** The lookup type a (possibly decorated) spec names: `partial-lsearch*@` -> lsearch. */
export function lookupType(spec: string): LookupTypeInfo | undefined {
  return parseLookupType(spec).type;
}
export function lookupTypes(): LookupTypeInfo[] {
  return [...lookups().values()];
}

/** Generic `,option` words every lookup accepts (ret=key, cache=no ...). */
export function lookupGenericOptions(): string[] {
  return [...expansionData.lookupSyntax.genericOptions];
}

export function dnsdbRecordTypes(): string[] {
  return expansionData.lookupSyntax.dnsdbRecordTypes.map((r) => r.name);
}

export function expansionCounts(): Record<string, number> {
  return { ...expansionData.counts };
}
