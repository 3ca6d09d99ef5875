// Checks of lookup types, where Exim reads them: in `${lookup{key} TYPE {file}}` and
// `${lookup TYPE {query}}`, in list items such as `lsearch;/etc/file` or `net24-dbm;/etc/nets`, and
// in the lists of match_domain and friends. An unknown type, `partial-` or a `*` default on a
// query-style type, a single-key lookup without its {key} and a query-style one with a key are
// what Exim reports when it uses the value (so these are warnings, like the other expansion checks).

import { expansionConditionListKind, lookupTypes, parseLookupType, type ListKind } from '../facts';
import type { ConfigLine } from '../syntax/document';
import type { ItemNode } from '../syntax/tree';
import { MACRO_LIKE } from './aclValues';
import type { CheckContext } from './context';
import type { LineDiagnostic, LineFix } from './diagnostic';
import { expandedValue, lineOffset, type ExpandedValue } from './expansions';
import { walkExpansion } from './expansionWalk';
import { listValue, lookupInItem, splitList } from './lists';
import { closest } from './distance';
import { LineMemo, lineContext } from './lineMemo';
import { buildId } from './build';

/** Findings per line, by what they depend on (section, driver, text). */
const cache = new LineMemo<LineDiagnostic[]>();

export function checkLookups(ctx: CheckContext): void {
  const missing = ctx.gaps.lookups;
  const build = missing.size ? `|${buildId(ctx.doc.macros.builtinEntries)}` : '';
  for (const line of ctx.doc.lines) {
    // Only a line with a ";" (a list lookup) or "lookup" can have anything to say.
    if (!line.text.includes(';') && !line.text.includes('lookup')) continue;
    if (line.inactive && MACRO_LIKE.test(line.text)) continue;
    const found = cache.get(line, lineContext(line) + build, () => lineLookups(line, missing));
    for (const d of found) ctx.report(line, d);
  }
}

function lineLookups(line: ConfigLine, missing: ReadonlyMap<string, string>): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  const v = expandedValue(line);
  if (v?.nodes) checkExpansionLookups(out, v, missing);
  const list = listValue(line);
  if (list) {
    for (const item of splitList(list.text)) {
      const l = lookupInItem(item, list.kind);
      if (!l) continue;
      const at = (i: number) => list.offsets[Math.min(i, list.offsets.length - 1)];
      const problem = specProblem(l.spec, missing, undefined, list.kind);
      // An address-list item may be local_part@lookup;data, where the lookup is a domain lookup.
      if (problem && list.kind === 'address' && l.spec.includes('@')) {
        const domainSpec = l.spec.slice(l.spec.lastIndexOf('@') + 1);
        if (domainSpec === '' || !specProblem(domainSpec, missing)) continue;
      }
      if (problem) report(out, problem, (i) => at(l.start + i));
    }
  }
  return out;
}

function checkExpansionLookups(out: LineDiagnostic[], v: ExpandedValue, missing: ReadonlyMap<string, string>): void {
  walkExpansion(v.nodes!, (n) => {
    if (n.kind === 'item' && n.name.text === 'lookup' && n.lookupType) {
      const type = n.lookupType;
      if (type.text.includes('$')) return;
      const problem = specProblem(type.text, missing, n);
      if (problem) report(out, problem, (i) => lineOffset(v, type.start + i));
    } else if (n.kind === 'condition') {
      const kind = expansionConditionListKind(n.name.text);
      const arg = n.args[1];
      if (!kind || !arg) return;
      checkListArgument(out, v, arg.start + 1, arg.end - 1, kind, missing);
    }
  });
}

function checkListArgument(out: LineDiagnostic[], v: ExpandedValue, start: number, end: number, kind: ListKind, missing: ReadonlyMap<string, string>): void {
  const text = v.text.slice(start, end);
  for (const item of splitList(text)) {
    const l = lookupInItem(item, kind);
    if (!l) continue;
    const problem = specProblem(l.spec, missing, undefined, kind);
    if (problem && kind === 'address' && l.spec.includes('@') && !specProblem(l.spec.slice(l.spec.lastIndexOf('@') + 1), missing)) continue;
    if (problem) report(out, problem, (i) => lineOffset(v, start + l.start + i));
  }
}

interface SpecProblem {
  code: 'lookup-unknown-type' | 'lookup-partial-query' | 'lookup-key' | 'lookup-not-in-build';
  message: string;
  /** Offsets in the spec. */
  start: number;
  end: number;
  suggestions?: string[];
}

const PREFIX = /^partial\d*(?:\([^)]*\)|-)/;

/**
 * What Exim would say about a lookup type spec; `missing`: the lookup types the build lacks;
 * `item`: the ${lookup} item it is in, if any.
 */
function specProblem(spec: string, missing: ReadonlyMap<string, string>, item?: ItemNode, kind?: ListKind): SpecProblem | undefined {
  const r = parseLookupType(spec);
  const nameStart = spec.length - spec.replace(PREFIX, '').length;
  const nameEnd = nameStart + r.name.length;
  if (!r.type) {
    if (!/^[A-Za-z0-9_]+$/.test(r.name) || !spec.startsWith(r.name, nameStart)) {
      // Exim reads the type name up to the first character that cannot be part of one; only a
      // malformed partial prefix is a "format error".
      const message = spec.startsWith('partial') ? `Exim: ${r.error}` : `Exim: unknown lookup type "${spec.replace(/[*,].*$/, '')}"`;
      const hint = /^net\d*-/.test(spec) && kind && kind !== 'host' ? ' (a net- prefix works only in host lists)' : ' of the form [partial-]type[*|*@][,options]';
      return { code: 'lookup-unknown-type', message: `"${spec}" is not a lookup type${hint} (${message})`, start: 0, end: spec.length };
    }
    const close = closest(r.name, lookupTypes().map((l) => l.name));
    return {
      code: 'lookup-unknown-type',
      message: `"${r.name}" is not a lookup type${close.length ? `; did you mean "${close[0]}"?` : ''} (Exim: ${r.error})`,
      start: nameStart,
      end: nameEnd,
      suggestions: close,
    };
  }
  const name = r.type.name;
  if (missing.has(name)) {
    const effect = item
      ? 'the expansion fails when Exim uses the value'
      : 'when Exim matches this list it stops the process doing so, which writes the error to the panic log (an SMTP connection ends without a reply, a delivery is left undone)';
    return { code: 'lookup-not-in-build', message: `this Exim is built without the ${name} lookup (${missing.get(name)}): ${effect} (Exim: unknown lookup type "${name}")`, start: nameStart, end: nameEnd };
  }
  if (r.type.style === 'query' && r.partial) {
    return { code: 'lookup-partial-query', message: `"partial" works only with single-key lookups, and ${name} is query-style: the query itself says what to look for (Exim: ${r.error})`, start: 0, end: nameStart };
  }
  if (r.type.style === 'query' && r.star) {
    const at = spec.indexOf('*', nameEnd);
    return { code: 'lookup-partial-query', message: `a "${r.star}" default works only with single-key lookups, and ${name} is query-style (Exim: ${r.error})`, start: at, end: at + r.star.length };
  }
  if (item) {
    if (r.type.style === 'single-key' && !item.lookupKey) {
      return {
        code: 'lookup-key',
        message: `${name} is a single-key lookup: the key goes in braces before the type, as in \${lookup{$local_part}${name}{/file}} (Exim: missing {key} for single-key "${name}" lookup)`,
        start: nameStart,
        end: nameEnd,
      };
    }
    if (r.type.style === 'query' && item.lookupKey) {
      return {
        code: 'lookup-key',
        message: `${name} is a query-style lookup and takes no {key} before its name: the query says what to look up, as in \${lookup ${name}{...}} (Exim: a single key was given for lookup type "${name}", which is not a single-key lookup type)`,
        start: nameStart,
        end: nameEnd,
      };
    }
  }
  return undefined;
}

function report(out: LineDiagnostic[], p: SpecProblem, at: (i: number) => number): void {
  const start = at(p.start);
  const end = p.end > p.start ? at(p.end - 1) + 1 : start + 1;
  const fixes: LineFix[] | undefined = p.suggestions?.length
    ? p.suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [{ start, end, newText: s }], preferred: i === 0 || undefined }))
    : undefined;
  out.push({ start, end, code: p.code, message: p.message, severity: 'warning', fixes });
}
