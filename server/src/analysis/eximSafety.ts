// Before the check runs `exim -bV -C FILE`: could reading FILE make Exim run a program?
//
// `exim -bV` does more than read: it expands a few main options on the spot (spool_directory,
// log_file_path, ... see READ_TIME_EXPANDED_OPTIONS), and an expansion can run programs (${run},
// ${perl}, ${dlfunc}), talk to other processes (${readsocket}, query-style lookups) or run an ACL.
// (perl_startup is kept from running by the -pd flag the runner always passes.)  This module
// finds, in what the configuration says, any such value; the check is not run when there is one.
//
// The reader decides `.ifdef _HAVE_...` with the built-in macros of a full build, while the user's
// Exim has its own set, so what Exim reads can differ inside such blocks. Everything in a block
// whose test involves a built-in macro (or a macro defined in such a block) is therefore treated as
// maybe read: an `.include` there, an option name made of a macro, or a read-time option whose
// value cannot be checked, stops the check too.

import { expansionItem, parseLookupType, resolveOperator } from '../facts';
import {
  ACTIVE_EXPANSION_OPERATORS,
  INERT_EXPANSION_CONDITIONS,
  INERT_EXPANSION_ITEMS,
  INERT_LOOKUP_TYPES,
  LIST_MATCHING_CONDITIONS,
  READ_TIME_EXPANDED_OPTIONS,
} from '../facts/eximCheck';
import type { ConfigDocument } from '../syntax/document';
import type { Range } from '../syntax/lines';
import { parseExpansion } from '../syntax/parse';
import type { DirectiveRecord } from '../syntax/reader';
import { readQuoted } from '../syntax/strings';
import type { ConditionNode, ExpansionNode } from '../syntax/tree';

export interface RunHazard {
  /** Index of the file in the document's file list. */
  file: number;
  range: Range;
  message: string;
}

/** Every place where `exim -bV` on this configuration might run or reach something. */
export function runHazards(doc: ConfigDocument): RunHazard[] {
  const hazards: RunHazard[] = [];
  const seen = new Set<string>();
  const add = (h: RunHazard) => {
    const key = `${h.file}:${h.range.start.line}:${h.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    hazards.push(h);
  };
  const lists = namedLists(doc);

  // 1. Read-time options among the lines the reader saw, after macro substitution.
  for (const line of doc.lines) {
    // Lines of a false branch are read by Exim only if its build differs (part 2).
    if (line.inactive) continue;
    const setting = readTimeSetting(line.text);
    if (!setting) continue;
    for (const reason of valueReasons(setting.name, setting.value, lists)) {
      const loc = line.map.location(0, line.text.length);
      add({ file: loc.file, range: loc.range, message: `exim -bV would expand ${setting.name} while reading the file, and ${reason}` });
    }
  }

  // 2. Blocks whose reading depends on how the user's Exim was built.
  const uncertain = buildDependentBlocks(doc);
  const macroNames = knownMacroNames(doc);
  for (const [file, spans] of uncertain.blocks) {
    const lines = doc.read.lines[file] ?? [];
    for (const [from, to, test] of spans) {
      for (let n = from; n <= to && n < lines.length; n++) {
        // Join continuation lines, as Exim would.
        let text = lines[n];
        const first = n;
        while (/\\\s*$/.test(text) && n + 1 <= to && n + 1 < lines.length) text = text.replace(/\\\s*$/, '') + lines[++n].trimStart();
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.startsWith('#')) continue;
        const range = physicalRange(lines[first], first);
        const where = `in a block that depends on how your Exim was built (${test})`;
        if (/^\.include(_if_exists)?\b/.test(trimmed)) {
          add({ file, range, message: `${where}, this .include may be read by Exim but not by this check, which therefore cannot tell whether exim -bV would run anything` });
          continue;
        }
        if (trimmed.startsWith('.') || /^[A-Z][A-Za-z0-9_]*\s*==?/.test(trimmed)) continue;
        const m = /^(?:hide\s+)?([^\s=]+)\s*(?:=\s*(.*))?$/s.exec(trimmed);
        if (!m) continue;
        const name = m[1];
        if (/[A-Z]/.test(name)) {
          add({ file, range, message: `${where}, the option name "${name}" comes from a macro, so this check cannot tell whether exim -bV would expand it while reading the file` });
          continue;
        }
        if (!(name in READ_TIME_EXPANDED_OPTIONS) || m[2] === undefined) continue;
        const macro = macroNames.find((x) => m[2].includes(x));
        if (macro) {
          add({ file, range, message: `${where}, ${name} uses the macro ${macro}, so this check cannot tell what exim -bV would expand while reading the file` });
          continue;
        }
        for (const reason of valueReasons(name, m[2], lists)) add({ file, range, message: `${where}, exim -bV may expand ${name} while reading the file, and ${reason}` });
      }
    }
  }

  // 3. Lines outside those blocks that use a macro defined inside one.
  if (uncertain.macros.size > 0) {
    for (const use of doc.read.macroUses) {
      if (!uncertain.macros.has(use.name)) continue;
      const raw = doc.read.lines[use.file]?.[use.line] ?? '';
      // Directives and macro definitions that use it are followed above.
      if (/^\s*(\.|[A-Z][A-Za-z0-9_]*\s*==?)/.test(raw)) continue;
      const setting = readTimeSetting(raw.trim());
      const eq = raw.indexOf('=');
      const inName = eq < 0 || use.start < eq;
      if (!setting && !inName) continue;
      add({
        file: use.file,
        range: { start: { line: use.line, character: use.start }, end: { line: use.line, character: use.end } },
        message: `the value of the macro ${use.name} depends on how your Exim was built (it comes from an .ifdef on a built-in macro), and it is used ${setting ? `in ${setting.name}, which exim -bV expands while reading the file` : 'to make an option name'}, so this check cannot tell whether exim -bV would run anything`,
      });
    }
  }
  return hazards;
}

function readTimeSetting(text: string): { name: string; value: string } | undefined {
  const m = /^(?:hide\s+)?([a-z0-9_]+)\s*=\s*(.*)$/s.exec(text);
  if (!m || !(m[1] in READ_TIME_EXPANDED_OPTIONS)) return undefined;
  let value = m[2];
  if (value.startsWith('"')) value = readQuoted(value, 0).value;
  return { name: m[1], value };
}

function physicalRange(text: string, line: number): Range {
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
}

/** Named lists by name (of every kind: a reference only says +name). */
function namedLists(doc: ConfigDocument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of doc.lines) {
    const node = line.node;
    if (line.inactive || node.kind !== 'namedList' || !node.name || !node.value) continue;
    const values = out.get(node.name.text) ?? [];
    values.push(node.value.text);
    out.set(node.name.text, values);
  }
  return out;
}

/** Why expanding this read-time option's value could run or reach something (empty: it cannot). */
function valueReasons(option: string, value: string, lists: Map<string, string[]>): string[] {
  const reasons: string[] = [];
  expansionReasons(value, lists, reasons, new Set());
  if (READ_TIME_EXPANDED_OPTIONS[option].list === 'domain') listReasons(value, lists, reasons, new Set());
  return [...new Set(reasons)];
}

function expansionReasons(text: string, lists: Map<string, string[]>, out: string[], visited: Set<string>): void {
  if (!text.includes('$') && !text.includes('\\')) return;
  let nodes: ReturnType<typeof parseExpansion>;
  try {
    nodes = parseExpansion(text);
  } catch {
    out.push('this check cannot read the expansion');
    return;
  }
  if (!Array.isArray(nodes)) {
    out.push('the expansion is nested too deeply for this check to follow');
    return;
  }
  walk(nodes, text, lists, out, visited);
}

function walk(nodes: readonly ExpansionNode[], text: string, lists: Map<string, string[]>, out: string[], visited: Set<string>): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'item': {
        const name = node.name.text;
        if (!INERT_EXPANSION_ITEMS.has(name)) {
          out.push(expansionItem(name) ? `\${${name}} can run a program or reach another process` : `"\${${name}" is not an expansion item this check knows to be harmless`);
        } else if (name === 'lookup' && node.lookupType) {
          lookupReason(node.lookupType.text, out);
        }
        for (const a of node.args) if (a.kind === 'argument') walk(a.parts, text, lists, out, visited);
        if (node.lookupKey) walk(node.lookupKey.parts, text, lists, out, visited);
        if (node.condition) condition(node.condition, text, lists, out, visited);
        if (node.filterCondition) condition(node.filterCondition, text, lists, out, visited);
        break;
      }
      case 'operator': {
        const r = resolveOperator(node.name.text);
        if (!('operator' in r)) out.push(`"\${${node.name.text}:" is not an operator this check knows`);
        else if (ACTIVE_EXPANSION_OPERATORS.has(r.operator.name)) out.push(`\${${r.operator.name}:...} expands text once more or expands a named list, which this check cannot follow`);
        walk(node.argument.parts, text, lists, out, visited);
        break;
      }
      case 'malformed':
        out.push(`this check cannot read "${text.slice(node.start, Math.min(node.end, node.start + 30))}"`);
        break;
      default:
        break;
    }
  }
}

function condition(c: ConditionNode, text: string, lists: Map<string, string[]>, out: string[], visited: Set<string>): void {
  const name = c.name.text;
  if (!INERT_EXPANSION_CONDITIONS.has(name)) out.push(`the condition "${name}" can run a program or reach another process`);
  for (const a of c.args) walk(a.parts, text, lists, out, visited);
  if (LIST_MATCHING_CONDITIONS.has(name) && c.args[1]) listReasons(text.slice(c.args[1].start + 1, c.args[1].end - 1), lists, out, visited);
  for (const sub of c.conditions ?? []) condition(sub, text, lists, out, visited);
}

function lookupReason(spec: string, out: string[]): void {
  const parsed = parseLookupType(spec.replace(/^net\d*-/, ''));
  const type = parsed.type?.name ?? parsed.name;
  if (!INERT_LOOKUP_TYPES.has(type)) out.push(`a ${type} lookup talks to a server or another program`);
}

/** Items of an address, domain or host list: `type;query` lookups and `+name` references. */
function listReasons(text: string, lists: Map<string, string[]>, out: string[], visited: Set<string>): void {
  let body = text.trim();
  let sep = ':';
  const custom = /^<\s*(\S)/.exec(body);
  if (custom) {
    sep = custom[1];
    body = body.slice(custom[0].length);
  }
  for (let item of body.split(sep)) {
    item = item.trim().replace(/^!\s*/, '');
    if (item.startsWith('+')) {
      const name = item.slice(1).trim();
      if (visited.has(name)) continue;
      visited.add(name);
      for (const value of lists.get(name) ?? []) {
        expansionReasons(value, lists, out, visited);
        listReasons(value, lists, out, visited);
      }
      continue;
    }
    const lookup = /^([A-Za-z0-9_()*@.,=-]+);/.exec(item);
    if (lookup) lookupReason(lookup[1], out);
  }
}

/**
 * Conditional blocks (per file: first line, last line, the test) whose outcome may depend on the
 * Exim build, and the macros defined inside them.
 */
function buildDependentBlocks(doc: ConfigDocument): { blocks: Map<number, [number, number, string][]>; macros: Set<string> } {
  const macros = new Set<string>();
  let blocks = new Map<number, [number, number, string][]>();
  // A macro defined in such a block makes the blocks that test it build-dependent too: repeat
  // until nothing new is found.
  for (let round = 0; round < 20; round++) {
    blocks = new Map();
    for (let file = 0; file < doc.read.files.length; file++) {
      const records = doc.read.directives.filter((d) => d.file === file && d.node.kind === 'conditional');
      const spans = conditionalSpans(doc, file, records, macros);
      if (spans.length) blocks.set(file, spans);
    }
    const before = macros.size;
    for (const [file, spans] of blocks) {
      const lines = doc.read.lines[file] ?? [];
      for (const [from, to] of spans) {
        for (let n = from; n <= to && n < lines.length; n++) {
          const m = /^\s*([A-Z][A-Za-z0-9_]*)\s*==?/.exec(lines[n]);
          if (m) macros.add(m[1]);
        }
      }
    }
    // A macro whose value uses such a macro is uncertain too.
    for (const lines of doc.read.lines) {
      for (const l of lines) {
        const m = /^\s*([A-Z][A-Za-z0-9_]*)\s*==?(.*)$/.exec(l);
        if (m && !macros.has(m[1]) && [...macros].some((x) => m[2].includes(x))) macros.add(m[1]);
      }
    }
    if (macros.size === before) break;
  }
  return { blocks, macros };
}

function conditionalSpans(doc: ConfigDocument, file: number, records: DirectiveRecord[], uncertainMacros: Set<string>): [number, number, string][] {
  const lines = doc.read.lines[file] ?? [];
  const spans: [number, number, string][] = [];
  const stack: { start: number; test?: string }[] = [];
  const testOf = (r: DirectiveRecord): string | undefined => {
    const raw = lines[r.line] ?? '';
    const builtin = /(?:^|[^A-Za-z0-9_])(_[A-Za-z0-9_]+)/.exec(raw.replace(/^\s*\.\w+/, ' '));
    if (builtin) return raw.trim();
    for (const m of uncertainMacros) if (raw.includes(m)) return raw.trim();
    return undefined;
  };
  for (const r of records) {
    if (r.node.kind !== 'conditional') continue;
    const node = r.node;
    if (node.directive === 'ifdef' || node.directive === 'ifndef') {
      stack.push({ start: r.line, test: testOf(r) });
    } else if (node.directive === 'endif') {
      const top = stack.pop();
      if (top?.test) spans.push([top.start, r.line, top.test]);
    } else {
      const top = stack[stack.length - 1];
      if (top && !top.test) top.test = testOf(r);
    }
  }
  // Blocks left open run to the end of the file.
  for (const top of stack) if (top.test) spans.push([top.start, lines.length - 1, top.test]);
  return spans;
}

/** Names of macros defined anywhere in the files read (in any branch). */
function knownMacroNames(doc: ConfigDocument): string[] {
  const names = new Set<string>(doc.macroDefinitions.map((d) => d.name));
  for (const lines of doc.read.lines) {
    for (const l of lines) {
      const m = /^\s*([A-Z][A-Za-z0-9_]*)\s*==?/.exec(l);
      if (m) names.add(m[1]);
    }
  }
  return [...names];
}

