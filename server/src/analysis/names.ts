// The configuration's names and where they are used: ACLs, routers, transports, authenticators,
// named lists and macros, each with its definitions and its references.  Checks (undefined and
// unused names, duplicates) and features (outline, go to definition, references, rename) all
// read this one index, built once per document.
//
// How a reference is found follows Exim:
// - an ACL is named by the main options acl_smtp_* / acl_not_smtp* (a value without white space
//   that is not a file name), by the `acl =` condition (its first word), and by `${acl {name}...}`
//   and `${if acl {{name}...}}` in any expanded string;
// - a transport or router by the options listed in facts/names.ts;
// - a named list by a `+name` item in a list of its kind: list options (the option tables say
//   which kind), the ACL conditions domains/hosts/..., match_domain & co., other named lists;
// - a macro wherever Exim substituted it (the reader records every substitution), and by name
//   in `.ifdef`-style directives.
// A name written in a plain value is a certain reference: Exim looks it up as written.  A word
// that is a whole `{...}` argument inside an expanded value of such an option may be the name
// after expansion: it counts as a use of that name (for "unused" and navigation) but is never
// reported as undefined.

import { ITEM_NAME, PLUS_KEYWORDS, namesRouter, namesTransport } from '../facts/names';
import { aclConditionListKind, aclOption, aclVerb, expansionConditionListKind, namedListKind, resolveOptionWord, type ListKind, type OptionScope } from '../facts';
import type { ConfigDocument, ConfigLine, Instance, MacroDefinitionSite } from '../syntax/document';
import type { Position, Range } from '../syntax/lines';
import { parseDirective, parseExpansion } from '../syntax/parse';
import { readQuoted } from '../syntax/strings';
import type { ArgumentNode, ConditionNode, ExpansionNode, Token } from '../syntax/tree';
import { exactRange } from './diagnostic';
import { LineMemo } from './lineMemo';
import { splitList } from './lists';

export type NameKind = 'acl' | 'router' | 'transport' | 'authenticator' | 'list' | 'macro';

export interface NameKey {
  kind: NameKind;
  /** For named lists: which of the four kinds. */
  list?: ListKind;
  name: string;
}

/** Where a name is written. */
export interface Site {
  file: number;
  range: Range;
  /** The logical line and the name's offsets in its text (absent for macro uses and directives). */
  line?: ConfigLine;
  start?: number;
  end?: number;
  /** The name is written in the file as it is (not produced by a macro). */
  exact: boolean;
}

export interface Definition extends NameKey {
  site: Site;
  /** The line that defines it: instance header, named-list line, macro definition. */
  line: ConfigLine;
  instance?: Instance;
  macro?: MacroDefinitionSite;
}

export interface Reference extends NameKey {
  site: Site;
  /** What names it, for messages: `acl_smtp_rcpt`, `acl =`, `${acl`, `transport`, `domains` ... */
  via: string;
  /** Exim looks this exact text up as the name (as opposed to a word in an expansion that may be). */
  certain: boolean;
  /** In a line Exim skips (a false `.ifdef` branch): a use when that branch is taken. */
  inactive?: boolean;
}

export interface NameEntry {
  key: NameKey;
  definitions: Definition[];
  references: Reference[];
}

export interface NameIndex {
  definitions: Definition[];
  references: Reference[];
  /** Per kind: an option or condition names one with a value Exim only knows after expansion. */
  dynamic: Set<NameKind>;
  entry(key: NameKey): NameEntry | undefined;
  entries(): NameEntry[];
  /** The definition or reference whose name is at a position of a file. */
  at(file: number, pos: Position): { key: NameKey; definition?: Definition; reference?: Reference } | undefined;
}

const indexes = new WeakMap<ConfigDocument, NameIndex>();

/** The names of a document (built once, then cached). */
export function nameIndex(doc: ConfigDocument): NameIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = buildIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}

/**
 * After one line was read again (incremental.ts): the previous index serves the new document when
 * neither the old nor the new line defines or substitutes anything, with the line's references
 * swapped when it names something; with no line given, nothing Exim reads changed.
 */
export function carryNameIndex(from: ConfigDocument, to: ConfigDocument, old?: ConfigLine, line?: ConfigLine): void {
  const index = indexes.get(from);
  if (!index) return;
  if (!old || !line) {
    indexes.set(to, index);
    return;
  }
  if (old.node.kind === 'namedList' || line.node.kind === 'namedList') return;
  const first = old.map.firstLine;
  const last = old.map.lastLine;
  for (const d of [from, to]) if (d.read.macroUses.some((u) => u.file === 0 && u.line >= first && u.line <= last)) return;
  const before = lineReferences(old);
  const after = lineReferences(line);
  if (before === NONE && after === NONE) {
    indexes.set(to, index);
    return;
  }
  // The line names something: its references are swapped for the new ones, in reading order
  // (the lines' references come in the order of the lines, the macros' after them).
  if (before.dynamic.length > 0 || after.dynamic.length > 0) return;
  const references = index.references.filter((r) => r.site.line !== old);
  let at = references.findIndex((r) => !r.site.line || r.site.line.index > line.index);
  if (at < 0) at = references.length;
  references.splice(at, 0, ...referencesOfLine(line, after));
  indexes.set(to, assembleIndex(index.definitions, references, index.dynamic));
}

const SCOPE: Record<string, OptionScope | undefined> = { main: 'main', routers: 'routers', transports: 'transports', authenticators: 'authenticators' };
const INSTANCE_KIND: Record<string, NameKind> = { acl: 'acl', router: 'router', transport: 'transport', authenticator: 'authenticator' };

function lineSite(line: ConfigLine, start: number, end: number): Site {
  const loc = line.map.location(start, end);
  return { file: loc.file, range: loc.range, line, start, end, exact: exactRange(line, start, end) !== undefined };
}

function buildIndex(doc: ConfigDocument): NameIndex {
  const definitions: Definition[] = [];
  const references: Reference[] = [];
  const dynamic = new Set<NameKind>();

  // ---- definitions: instances, named lists, macros
  for (const section of doc.sections) {
    for (const inst of section.instances) {
      const node = inst.header.node;
      if (node.kind !== 'instanceHeader' && node.kind !== 'aclHeader') continue;
      definitions.push({ kind: INSTANCE_KIND[inst.kind], name: inst.name, site: lineSite(inst.header, node.name.start, node.name.end), line: inst.header, instance: inst });
    }
  }
  for (const line of doc.sections[0]?.lines ?? []) {
    const node = line.node;
    if (node.kind !== 'namedList' || !node.name || !node.value || node.name.text === '') continue;
    const list = namedListKind(node.keyword.text);
    if (!list) continue;
    definitions.push({ kind: 'list', list, name: node.name.text, site: lineSite(line, node.name.start, node.name.end), line });
  }
  for (const m of doc.macroDefinitions) {
    definitions.push({ kind: 'macro', name: m.name, site: lineSite(m.line, m.node.name.start, m.node.name.end), line: m.line, macro: m });
  }

  // ---- references in the lines Exim reads
  // Lines of false .ifdef branches: Exim does not read them now, but it will when the macro is
  // defined, so their names keep a definition from looking unused, and rename reaches them.
  for (const line of doc.lines) {
    const found = lineReferences(line);
    if (found === NONE) continue;
    for (const ref of referencesOfLine(line, found)) references.push(ref);
    if (!line.inactive) for (const k of found.dynamic) dynamic.add(k);
  }
  collectMacroReferences(doc, (r) => references.push(r));
  return assembleIndex(definitions, references, dynamic);
}

/** The line's references as the index holds them. */
function referencesOfLine(line: ConfigLine, found: LineRefs): Reference[] {
  return found.refs.map((r) => {
    const ref: Reference = { kind: r.kind, name: r.name, site: lineSite(line, r.start, r.end), via: r.via, certain: r.certain && !line.inactive };
    if (r.list) ref.list = r.list;
    if (line.inactive) ref.inactive = true;
    return ref;
  });
}

function assembleIndex(definitions: Definition[], references: Reference[], dynamic: Set<NameKind>): NameIndex {
  // ---- the index
  // Per kind (and list kind), per name.
  const byKind = new Map<string, Map<string, NameEntry>>();
  const find = (k: NameKey, create: boolean): NameEntry | undefined => {
    const group = k.list ?? k.kind;
    let names = byKind.get(group);
    if (!names) {
      if (!create) return undefined;
      byKind.set(group, (names = new Map()));
    }
    let e = names.get(k.name);
    if (!e && create) {
      e = { key: k.list ? { kind: k.kind, list: k.list, name: k.name } : { kind: k.kind, name: k.name }, definitions: [], references: [] };
      names.set(k.name, e);
    }
    return e;
  };
  const entryFor = (k: NameKey): NameEntry => find(k, true)!;
  for (const d of definitions) entryFor(d).definitions.push(d);
  for (const r of references) entryFor(r).references.push(r);

  const keyOnly = (k: NameKey): NameKey => (k.list ? { kind: k.kind, list: k.list, name: k.name } : { kind: k.kind, name: k.name });
  type Spot = { site: Site; key: NameKey; definition?: Definition; reference?: Reference };
  let sites: Spot[] | undefined;

  return {
    definitions,
    references,
    dynamic,
    entry: (k) => find(k, false),
    entries: () => [...byKind.values()].flatMap((m) => [...m.values()]),
    at(file, pos) {
      sites ??= [...definitions.map((d) => ({ site: d.site, key: keyOnly(d), definition: d })), ...references.map((r) => ({ site: r.site, key: keyOnly(r), reference: r }))];
      let best: Spot | undefined;
      for (const s of sites) {
        if (s.site.file !== file || !contains(s.site.range, pos)) continue;
        // The narrowest site wins; at equal size a macro (what is written there) wins over a name
        // that the macro's value holds.
        if (!best || smaller(s.site.range, best.site.range) || (sameRange(s.site.range, best.site.range) && s.key.kind === 'macro')) best = s;
      }
      return best ? { key: best.key, definition: best.definition, reference: best.reference } : undefined;
    },
  };
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 100000 + (r.end.character - r.start.character);
}

function smaller(a: Range, b: Range): boolean {
  return size(a) < size(b);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

// ------------------------------------------------------------------ values

/** A value as Exim reads it (quotes removed for option values), with a map to line offsets. */
interface Value {
  text: string;
  at(i: number): number;
}

function valueOf(token: Token, dequote: boolean): Value {
  if (dequote && token.text.startsWith('"')) {
    const d = readQuoted(token.text, 0);
    const source = d.map.source;
    return { text: d.value, at: (i) => token.start + (i < source.length ? source[i] : d.map.end) };
  }
  return { text: token.text, at: (i) => token.start + i };
}

/** A reference as found in a line's text: offsets, before they become file positions. */
interface LineRef extends NameKey {
  start: number;
  end: number;
  via: string;
  certain: boolean;
}

type Add = (r: LineRef) => void;

interface LineRefs {
  refs: LineRef[];
  dynamic: NameKind[];
}

const NONE: LineRefs = { refs: [], dynamic: [] };
/**
 * What a line names depends only on its text (so its node: the parser hands out one node per
 * text), its section and its instance's driver.
 */
const lineRefCache = new LineMemo<LineRefs>();

function lineReferences(line: ConfigLine): LineRefs {
  const node = line.node;
  if (node.kind !== 'option' && node.kind !== 'aclStatement' && node.kind !== 'namedList' && node.kind !== 'rewrite') return NONE;
  const context = node.kind === 'option' ? `${line.section}|${line.instance?.driver?.name ?? ''}` : '';
  return lineRefCache.get(line, context, () => {
    const refs: LineRef[] = [];
    const dynamic = new Set<NameKind>();
    collectLineReferences(line, (r) => refs.push(r), dynamic);
    return refs.length || dynamic.size ? { refs, dynamic: [...dynamic] } : NONE;
  });
}

function collectLineReferences(line: ConfigLine, add: Add, dynamic: Set<NameKind>): void {
  const node = line.node;
  if (node.kind === 'option' && node.value) {
    const scope = SCOPE[line.section];
    if (!scope) return;
    const driver = line.instance?.driver?.name;
    const resolved = resolveOptionWord(scope, node.name.text, driver);
    if (!resolved || resolved.negated) return;
    const option = resolved.option;
    const value = valueOf(node.value, true);
    const name = option.name;
    if (scope === 'main' && aclOption(name)) {
      aclOptionValue(value, name, add, dynamic);
    } else if (namesTransport(scope, name, driver)) {
      nameValue(value, 'transport', name, add, dynamic);
    } else if (namesRouter(scope, name, driver)) {
      nameValue(value, 'router', name, add, dynamic);
    } else if (option.list) {
      listValue(value, option.list, name, add);
    } else if (option.type === 'rewrite') {
      for (const item of splitList(value.text)) {
        const pattern = /^[^\s"]+/.exec(item.text);
        if (pattern) rewritePattern({ text: pattern[0], at: (i) => value.at(item.start + i) }, name, add);
      }
    }
    if (value.text.includes('${')) expansionReferences(value, add);
    return;
  }
  if (node.kind === 'aclStatement' && node.condition?.value) {
    const c = node.condition;
    const value = valueOf(c.value!, false);
    if (c.name.text === 'acl') aclConditionValue(value, add, dynamic);
    const list = aclConditionListKind(c.name.text);
    if (list) listValue(value, list, c.name.text, add);
    if (value.text.includes('${')) expansionReferences(value, add);
    return;
  }
  if (node.kind === 'rewrite') {
    rewritePattern(valueOf(node.key, true), 'rewrite rule', add);
    return;
  }
  if (node.kind === 'namedList' && node.value) {
    const list = namedListKind(node.keyword.text);
    const value = valueOf(node.value, true);
    if (list) listValue(value, list, `${node.keyword.text} ${node.name?.text ?? ''}`.trim(), add);
    if (value.text.includes('${')) expansionReferences(value, add);
  }
}

const trimStart = (text: string, from: number, to: number) => {
  while (from < to && /\s/.test(text[from])) from++;
  return from;
};
const trimEnd = (text: string, from: number, to: number) => {
  while (to > from && /\s/.test(text[to - 1])) to--;
  return to;
};

/** A value that is one name (transport = x, redirect_router = x). */
function nameValue(value: Value, kind: NameKind, via: string, add: Add, dynamic: Set<NameKind>): void {
  const text = value.text;
  const s = trimStart(text, 0, text.length);
  const e = trimEnd(text, s, text.length);
  if (e <= s) return;
  if (text.includes('$')) {
    dynamic.add(kind);
    candidatesInExpansion(value, kind, via, add);
    return;
  }
  add({ kind, name: text.slice(s, e), start: value.at(s), end: value.at(e - 1) + 1, via, certain: true });
}

/**
 * acl_smtp_rcpt = VALUE: after expansion, a value without a space is a named ACL when one has that
 * name, else a file when it starts with "/", else the text of an ACL ("accept" is an ACL that
 * accepts everything).  Only a word that is not a verb can only have been meant as a name.
 */
function aclOptionValue(value: Value, via: string, add: Add, dynamic: Set<NameKind>): void {
  const text = value.text;
  const s = trimStart(text, 0, text.length);
  const e = trimEnd(text, s, text.length);
  if (e <= s) return;
  if (text.includes('$')) {
    dynamic.add('acl');
    candidatesInExpansion(value, 'acl', via, add);
    return;
  }
  const word = text.slice(s, e);
  if (/\s/.test(word) || word.startsWith('/')) return;
  add({ kind: 'acl', name: word, start: value.at(s), end: value.at(e - 1) + 1, via, certain: !aclVerb(word) });
}

/** acl = NAME [arguments]: the first word (it may be quoted) names the ACL. */
function aclConditionValue(value: Value, add: Add, dynamic: Set<NameKind>): void {
  const text = value.text;
  const s = trimStart(text, 0, text.length);
  if (s >= text.length) return;
  let start = s;
  let end: number;
  if (text[s] === '"') {
    start = s + 1;
    end = text.indexOf('"', start);
    if (end < 0) return;
  } else {
    end = s;
    while (end < text.length && !/\s/.test(text[end])) end++;
  }
  const word = text.slice(start, end);
  if (word === '' || word.startsWith('/')) return;
  if (word.includes('$')) {
    dynamic.add('acl');
    if (word.startsWith('${')) candidatesInExpansion(value, 'acl', 'acl =', add);
    return;
  }
  add({ kind: 'acl', name: word, start: value.at(start), end: value.at(end - 1) + 1, via: 'acl =', certain: !aclVerb(word) });
}

/**
 * The `+name` items of a list (the value as written: items made by an expansion are not seen).
 * The separator is `:` unless the list starts with `<` and another one; a doubled separator is
 * part of an item; a `${...}` is skipped over whole.
 */
function listValue(value: Value, list: ListKind, via: string, add: Add): void {
  for (const item of splitList(value.text)) {
    let s = item.start;
    const e = item.end;
    const text = value.text;
    // An item that holds an expansion is only known when Exim expands the list.
    if (item.text.includes('$')) continue;
    if (text[s] === '!') s = trimStart(text, s + 1, e);
    if (text[s] !== '+') continue;
    const word = text.slice(s, e);
    if (PLUS_KEYWORDS[list].includes(word)) continue;
    if (e <= s + 1) continue;
    add({ kind: 'list', list, name: text.slice(s + 1, e), start: value.at(s + 1), end: value.at(e - 1) + 1, via, certain: true });
  }
}

/**
 * A rewrite pattern (rewrite section, headers_rewrite) is matched as one address-list item, so it
 * names a list in two forms: `+name`, an address list, and `local@+name`, a domain list for the
 * domain. Regular expressions and patterns with expansions are left alone.
 */
function rewritePattern(value: Value, via: string, add: Add): void {
  const text = value.text;
  if (text.startsWith('^') || text.includes('$')) return;
  const at = text.lastIndexOf('@');
  const [s, list]: [number, ListKind] = text.startsWith('+') ? [0, 'address'] : [at + 1, 'domain'];
  if (text[s] !== '+' || text.length <= s + 1 || PLUS_KEYWORDS[list].includes(text.slice(s))) return;
  add({ kind: 'list', list, name: text.slice(s + 1), start: value.at(s + 1), end: value.at(text.length - 1) + 1, via, certain: true });
}

// ------------------------------------------------------------------ expansions

function parsedExpansion(value: Value): ExpansionNode[] | undefined {
  const parsed = parseExpansion(value.text);
  return Array.isArray(parsed) ? parsed : undefined;
}

/** A whole argument that is plain text: `{name}`. */
function plainArgument(value: Value, a: ArgumentNode | undefined): { start: number; end: number; text: string } | undefined {
  if (!a || a.kind !== 'argument') return undefined;
  if (a.parts.length !== 1 || a.parts[0].kind !== 'text') return undefined;
  const p = a.parts[0];
  const start = trimStart(value.text, p.start, p.end);
  const end = trimEnd(value.text, start, p.end);
  return end > start ? { start, end, text: value.text.slice(start, end) } : undefined;
}

/** Words that are whole `{...}` arguments in an expanded value: what the value may expand to. */
function candidatesInExpansion(value: Value, kind: NameKind, via: string, add: Add): void {
  const nodes = parsedExpansion(value);
  if (!nodes) return;
  // ${listnamed:name} uses the list; without _d, _h, _a or _l it may be of any kind.
  const listNamed = (a: ArgumentNode, suffix: string | undefined) => {
    const w = plainArgument(value, a);
    if (!w || /\s/.test(w.text)) return;
    const kinds: ListKind[] = suffix ? [LISTNAMED_KIND[suffix]] : ['domain', 'host', 'address', 'localpart'];
    for (const list of kinds) add({ kind: 'list', list, name: w.text, start: value.at(w.start), end: value.at(w.end - 1) + 1, via: '${listnamed', certain: suffix !== undefined });
  };
  const visit = (ns: ExpansionNode[]) => {
    for (const n of ns) {
      if (n.kind === 'item') {
        // The key of a lookup and the names of items are not results.
        if (n.name.text === 'if' || n.name.text === 'lookup' || n.name.text === 'extract' || n.name.text === 'filter' || n.name.text === 'map' || n.name.text === 'reduce') {
          for (const a of n.args) {
            if (a.kind !== 'argument') continue;
            const w = plainArgument(value, a);
            if (w && ITEM_NAME.test(w.text)) add({ kind, name: w.text, start: value.at(w.start), end: value.at(w.end - 1) + 1, via, certain: false });
            else visit(a.parts);
          }
        } else {
          for (const a of n.args) if (a.kind === 'argument') visit(a.parts);
        }
      } else if (n.kind === 'operator') {
        const listnamed = /^listnamed(?:_([dhal]))?$/.exec(n.name.text);
        if (listnamed) listNamed(n.argument, listnamed[1]);
        visit(n.argument.parts);
      }
    }
  };
  visit(nodes);
}

/** ${acl {name}...}, ${if acl {{name}...}}, and the lists of match_domain & co., anywhere. */
const LISTNAMED_KIND: Record<string, ListKind> = { d: 'domain', h: 'host', a: 'address', l: 'localpart' };

function expansionReferences(value: Value, add: Add): void {
  const nodes = parsedExpansion(value);
  if (!nodes) return;
  const argName = (a: ArgumentNode | undefined, kind: NameKind, via: string) => {
    const w = plainArgument(value, a);
    if (!w || /\s/.test(w.text) || w.text.startsWith('/')) return;
    add({ kind, name: w.text, start: value.at(w.start), end: value.at(w.end - 1) + 1, via, certain: kind !== 'acl' || !aclVerb(w.text) });
  };
  const condition = (c: ConditionNode) => {
    const name = c.name.text;
    if (name === 'acl' && c.shape === 'braceList') argName(c.args[0], 'acl', '${if acl');
    const list = expansionConditionListKind(name);
    if (list && c.args[1]) {
      const a = c.args[1];
      const inner: Value = { text: value.text.slice(a.start + 1, Math.max(a.start + 1, a.end - 1)), at: (i) => value.at(a.start + 1 + i) };
      listValue(inner, list, name, add);
    }
    for (const a of c.args) visit(a.parts);
    for (const sub of c.conditions ?? []) condition(sub);
  };
  // ${listnamed:name} uses the list; without _d, _h, _a or _l it may be of any kind.
  const listNamed = (a: ArgumentNode, suffix: string | undefined) => {
    const w = plainArgument(value, a);
    if (!w || /\s/.test(w.text)) return;
    const kinds: ListKind[] = suffix ? [LISTNAMED_KIND[suffix]] : ['domain', 'host', 'address', 'localpart'];
    for (const list of kinds) add({ kind: 'list', list, name: w.text, start: value.at(w.start), end: value.at(w.end - 1) + 1, via: '${listnamed', certain: suffix !== undefined });
  };
  const visit = (ns: ExpansionNode[]) => {
    for (const n of ns) {
      if (n.kind === 'item') {
        if (n.name.text === 'acl') argName(n.args[0]?.kind === 'argument' ? n.args[0] : undefined, 'acl', '${acl');
        if (n.condition) condition(n.condition);
        if (n.filterCondition) condition(n.filterCondition);
        if (n.lookupKey) visit(n.lookupKey.parts);
        for (const a of n.args) if (a.kind === 'argument') visit(a.parts);
      } else if (n.kind === 'operator') {
        const listnamed = /^listnamed(?:_([dhal]))?$/.exec(n.name.text);
        if (listnamed) listNamed(n.argument, listnamed[1]);
        visit(n.argument.parts);
      }
    }
  };
  visit(nodes);
}

// ------------------------------------------------------------------ macros

const CONDITIONALS = new Set(['ifdef', 'ifndef', 'elifdef', 'elifndef']);

function physicalSite(file: number, line: number, start: number, end: number): Site {
  return { file, range: { start: { line, character: start }, end: { line, character: end } }, exact: true };
}

function collectMacroReferences(doc: ConfigDocument, add: (r: Reference) => void): void {
  const read = doc.read;
  // A name can be found twice only where a use was also recorded by the reader: on the lines of
  // directives (.ifdef FOO with FOO defined) and in macro values.  Only those are remembered.
  const seen = new Set<string>();
  const id = (name: string, site: Site) => `${name}|${site.file}|${site.range.start.line}|${site.range.start.character}`;
  const push = (name: string, site: Site, via: string, remember: boolean) => {
    if (remember) {
      const key = id(name, site);
      if (seen.has(key)) return;
      seen.add(key);
    }
    add({ kind: 'macro', name, site, via, certain: true });
  };
  const definedNames = new Set(doc.macroDefinitions.map((m) => m.name));
  const lineKey = (file: number, line: number) => file * 16_777_216 + line;
  const directiveLines = new Set<number>();
  for (const d of read.directives) if (d.node.kind === 'conditional') directiveLines.add(lineKey(d.file, d.line));
  let usesAt: Map<string, typeof read.macroUses> | undefined;
  const usesAtSpan = (file: number, line: number, start: number, end: number) => {
    if (!usesAt) {
      usesAt = new Map();
      for (const u of read.macroUses) {
        const id = `${u.file}|${u.line}|${u.start}|${u.end}`;
        const list = usesAt.get(id) ?? [];
        list.push(u);
        usesAt.set(id, list);
      }
    }
    return usesAt.get(`${file}|${line}|${start}|${end}`) ?? [];
  };
  for (const u of read.macroUses) {
    const raw = read.lines[u.file]?.[u.line] ?? '';
    if (u.end - u.start === u.name.length && raw.startsWith(u.name, u.start)) {
      const site = physicalSite(u.file, u.line, u.start, u.end);
      if (directiveLines.has(lineKey(u.file, u.line))) seen.add(id(u.name, site));
      push(u.name, site, 'use', false);
      continue;
    }
    // Substituted inside the value of another macro used here: the name is written in that
    // macro's definition.
    for (const outer of usesAtSpan(u.file, u.line, u.start, u.end)) {
      if (outer.name === u.name || outer.definedAt === undefined) continue;
      const defLine = doc.lines[outer.definedAt];
      if (!defLine || defLine.node.kind !== 'macro') continue;
      const v = defLine.node.value;
      let at = v.text.indexOf(u.name);
      while (at >= 0) {
        const s = v.start + at;
        const e = s + u.name.length;
        const exact = exactRange(defLine, s, e);
        if (exact) push(u.name, { file: exact.file, range: exact.range, line: defLine, start: s, end: e, exact: true }, 'use', true);
        at = v.text.indexOf(u.name, at + u.name.length);
      }
    }
  }
  // .ifdef NAME and friends, also where NAME is not defined at that point (then nothing was
  // substituted and only the raw line shows the name).
  for (const d of read.directives) {
    if (d.node.kind !== 'conditional' || !CONDITIONALS.has(d.node.directive)) continue;
    // Without a substitution the directive was parsed from the line as written; with one, the
    // line as written is parsed again, for the names that were not substituted.
    let node = d.node;
    let first = d.column;
    if (d.macroFound) {
      const raw = read.lines[d.file]?.[d.line];
      if (raw === undefined) continue;
      first = 0;
      while (first < raw.length && (raw.charCodeAt(first) === 32 || raw.charCodeAt(first) === 9)) first++;
      const again = parseDirective(raw.slice(first));
      if (again.kind !== 'conditional') continue;
      node = again;
    }
    const arg = node.argument;
    if (!/[A-Z]/.test(arg.text)) continue;
    const re = /_?[A-Z][A-Za-z0-9_]*/g;
    for (let m = re.exec(arg.text); m; m = re.exec(arg.text)) {
      if (!definedNames.has(m[0]) && !doc.macros.get(m[0])) continue;
      const s = first + arg.start + m.index;
      push(m[0], physicalSite(d.file, d.line, s, s + m[0].length), `.${node.directive}`, true);
    }
  }
}

/** The definition of a macro in effect at a use (the last one read before it), if known. */
export function macroDefinitionFor(index: NameIndex, ref: Reference, doc: ConfigDocument): Definition | undefined {
  const defs = index.entry(ref)?.definitions ?? [];
  if (defs.length <= 1) return defs[0];
  const use = doc.read.macroUses.find((u) => u.name === ref.name && u.file === ref.site.file && u.line === ref.site.range.start.line && u.start === ref.site.range.start.character);
  if (use?.definedAt !== undefined) return defs.find((d) => d.line.index === use.definedAt) ?? defs[0];
  return defs[0];
}
