// Ohm matching of one logical line (or one expansion string) into typed nodes, with a cache by
// text: a line whose text has not changed is never matched again.

import type { IterationNode, Node, NonterminalNode } from 'ohm-js' with { 'resolution-mode': 'import' };
import grammar from './generated/exim.ohm-bundle';
import { readQuoted } from './strings';
import type {
  AclConditionNode,
  ArgumentNode,
  ConditionNode,
  ConditionShape,
  DequotedToken,
  DirectiveNode,
  ExpansionNode,
  ItemArgumentNode,
  ItemNode,
  LineNode,
  RetryArgumentNode,
  RetryRuleNode,
  RetryTailNode,
  Token,
} from './tree';

/** The start rule for each kind of section. */
export type LineRule = 'mainLine' | 'driverLine' | 'aclLine' | 'retryLine' | 'rewriteLine' | 'localScanLine';

const tok = (n: Node): Token => ({ start: n.source.startIdx, end: n.source.endIdx, text: n.sourceString });
const opt = (n: IterationNode): Node | undefined => (n.numChildren > 0 ? n.children[0] : undefined);

function dequotable(n: Node): DequotedToken {
  const text = n.source.sourceString;
  const start = n.source.startIdx;
  const t = tok(n);
  if (t.text.startsWith('"')) {
    const d = readQuoted(text, start, n.source.endIdx);
    return { ...t, quoted: true, closed: d.closed, value: d.value };
  }
  return { ...t, quoted: false, closed: true, value: t.text };
}

const semantics = grammar.createSemantics();

// ------------------------------------------------------------------ line nodes

semantics.addOperation<unknown>('line', {
  beginLine(b, _e, _g, _i, n, _space, _spaces, rest) {
    const keyword = { start: b.source.startIdx, end: n.source.endIdx, text: this.source.sourceString.slice(b.source.startIdx, n.source.endIdx) };
    return { kind: 'begin', keyword, name: tok(rest) };
  },
  macroDefinition(_first, _rest, _sp1, equals, _sp2, value) {
    const name: Token = { start: this.source.startIdx, end: _rest.source.endIdx, text: '' };
    name.text = this.source.sourceString.slice(name.start, name.end);
    return { kind: 'macro', name, redefine: equals.sourceString === '==', operator: tok(equals), value: tok(value) };
  },
  macroMalformed(_first, _rest) {
    return { kind: 'macroMalformed', span: { start: this.source.startIdx, end: this.source.endIdx } };
  },
  namedList(hide, keyword, cache, rest) {
    const node: Record<string, unknown> = { kind: 'namedList', keyword: tok(keyword), cache: cache.numChildren > 0 };
    const h = opt(hide);
    if (h) node.hide = tok(h.children[0]);
    Object.assign(node, rest.line());
    return node;
  },
  namedListRest_ok(_sp1, name, _sp2, _eq, _sp3, value) {
    return { name: tok(name), value: tok(value) };
  },
  namedListRest_malformed(rest) {
    return { malformed: tok(rest) };
  },
  optionSetting(hide, name, _sp, tail) {
    const node: Record<string, unknown> = { kind: 'option', name: tok(name) };
    const h = opt(hide);
    if (h) node.hide = tok(h.children[0]);
    Object.assign(node, tail.line());
    return node;
  },
  optionTail_value(eq, _sp, value) {
    return { equals: eq.source.startIdx, value: tok(value) };
  },
  optionTail_bare(rest) {
    return rest.source.endIdx > rest.source.startIdx ? { trailing: tok(rest) } : {};
  },
  instanceHeader(name, _sp, _colon, rest) {
    return header('instanceHeader', name, rest);
  },
  aclHeader(name, _sp, _colon, rest) {
    return header('aclHeader', name, rest);
  },
  aclStatement_verb(verbPart, condition) {
    const [negation, verb] = [opt(verbPart.children[0] as IterationNode), verbPart.children[1]];
    const node: Record<string, unknown> = { kind: 'aclStatement', verb: tok(verb) };
    if (negation) node.verbNegation = tok(negation.children[0]);
    const c = opt(condition);
    if (c) node.condition = c.line();
    return node;
  },
  aclStatement_continued(condition) {
    return { kind: 'aclStatement', condition: condition.line() };
  },
  aclCondition(negation, body) {
    const node = body.line() as AclConditionNode;
    node.start = this.source.startIdx;
    node.end = this.source.endIdx;
    const n = opt(negation);
    if (n) node.negation = tok(n.children[0]);
    return node;
  },
  aclSet(set, _sp1, variable, _sp2, eq, _sp3, value) {
    return { name: tok(set), variable: tok(variable), equals: eq.source.startIdx, value: tok(value) };
  },
  aclGeneric(name, _sp, tail) {
    return { name: tok(name), ...(tail.line() as object) };
  },
  aclOddCondition(name, _sp, tail) {
    return { name: tok(name), ...(tail.line() as object) };
  },
  aclConditionTail_value(eq, _sp, value) {
    return { equals: eq.source.startIdx, value: tok(value) };
  },
  aclConditionTail_bare(rest) {
    return rest.source.endIdx > rest.source.startIdx ? { trailing: tok(rest) } : {};
  },
  retryRule(pattern, _sp1, error, _sp2, senders, tail) {
    const node: Record<string, unknown> = { kind: 'retry', pattern: dequotable(pattern.children[0]), tail: tail.line() };
    const e = opt(error);
    if (e) node.error = tok(e);
    const s = opt(senders);
    if (s) node.senders = s.line();
    return node;
  },
  retrySenders(keyword, _sp, value) {
    const node: Record<string, unknown> = { keyword: tok(keyword), start: this.source.startIdx, end: this.source.endIdx };
    const v = opt(value);
    if (v) {
      node.equals = v.source.startIdx;
      const d = opt(v.children[2] as IterationNode);
      if (d) node.value = dequotable(d.children[0]);
    }
    return node;
  },
  retryTail(parts) {
    return parts.children.map((p): RetryTailNode => {
      const span = { start: p.source.startIdx, end: p.source.endIdx };
      if (p.ctorName === 'retryGap') return { kind: 'gap', ...span };
      if (p.ctorName === 'retrySeparator') return { kind: 'separator', ...span };
      return p.line() as RetryTailNode;
    });
  },
  retryItem(letter, args) {
    return {
      kind: 'item',
      start: this.source.startIdx,
      end: this.source.endIdx,
      letter: tok(letter),
      args: args.children.map((a) => a.line()),
    };
  },
  retryArgument(spaceBefore, comma, _sp, text): RetryArgumentNode {
    const node: RetryArgumentNode = {
      start: this.source.startIdx,
      end: this.source.endIdx,
      comma: comma.source.startIdx,
      text: tok(text),
    };
    if (spaceBefore.source.endIdx > spaceBefore.source.startIdx) node.spaceBeforeComma = { start: spaceBefore.source.startIdx, end: spaceBefore.source.endIdx };
    return node;
  },
  rewriteRule(key, _sp1, replacement, _sp2, flags) {
    const node: Record<string, unknown> = { kind: 'rewrite', key: dequotable(key.children[0]), flags: tok(flags) };
    const r = opt(replacement);
    if (r) node.replacement = dequotable(r.children[0].children[0]);
    return node;
  },
  junk(_chars) {
    return { kind: 'junk', span: { start: this.source.startIdx, end: this.source.endIdx } };
  },
  // directives
  directiveLine(_dot, body) {
    return body.line();
  },
  conditionalDirective(name, end, rest) {
    return {
      kind: 'conditional',
      name: tok(name),
      directive: name.sourceString,
      accepted: end.child(0).ctorName === 'conditionalEnd_accepted',
      argument: tok(rest),
    };
  },
  includeDirective(include, ifExists, _sp, rest) {
    // Exim drops the white space at the end of the line before it takes the path.
    const whole = tok(rest);
    const text = whole.text.replace(/[ \t\r\n\f\v]+$/, '');
    let path = { start: whole.start, end: whole.start + text.length, text };
    if (path.text.startsWith('"')) {
      const d = readQuoted(rest.source.sourceString, rest.source.startIdx, rest.source.endIdx);
      path = { start: path.start, end: d.end, text: d.value };
    }
    const nameEnd = ifExists.numChildren > 0 ? ifExists.source.endIdx : include.source.endIdx;
    return {
      kind: 'include',
      name: { start: 0, end: nameEnd, text: this.source.sourceString.slice(0, nameEnd) },
      ifExists: ifExists.numChildren > 0,
      path,
    };
  },
  unknownDirective(_rest) {
    return { kind: 'notDirective' };
  },
});

function header(kind: 'instanceHeader' | 'aclHeader', name: Node, rest: Node) {
  const node: Record<string, unknown> = { kind, name: tok(name) };
  if (rest.source.endIdx > rest.source.startIdx) node.trailing = tok(rest);
  return node;
}

// ------------------------------------------------------------------ expansion nodes

const span = (n: Node) => ({ start: n.source.startIdx, end: n.source.endIdx });

function itemArguments(n: Node): ItemArgumentNode[] {
  // itemArguments = (sp* itemArgument)* sp*
  return (n.children[1] as IterationNode).children.map((a) => a.exp() as ItemArgumentNode);
}

semantics.addOperation<unknown>('exp', {
  expansionString(parts) {
    return parts.children.map((p) => p.exp());
  },
  argumentString(parts) {
    return parts.children.map((p) => p.exp());
  },
  topText(_chars) {
    return { kind: 'text', ...span(this) };
  },
  argumentText(_chars) {
    return { kind: 'text', ...span(this) };
  },
  escape(_bs, _char) {
    return { kind: 'escape', ...span(this) };
  },
  protected(_open, _body, end) {
    return { kind: 'protected', ...span(this), closed: end.source.endIdx > end.source.startIdx };
  },
  braceArgument(_open, body, _close): ArgumentNode {
    return { kind: 'argument', ...span(this), parts: body.exp() as ExpansionNode[] };
  },
  dollar_braced(_open, braced) {
    const node = braced.exp() as ExpansionNode;
    node.start = this.source.startIdx;
    node.end = this.source.endIdx;
    return node;
  },
  dollar_variable(_dollar, name) {
    return { kind: 'variable', ...span(this), name: tok(name), braced: false };
  },
  dollar_lone(_dollar) {
    return { kind: 'loneDollar', ...span(this) };
  },
  bracedVariable(name, _close) {
    return { kind: 'variable', ...span(this), name: tok(name), braced: true };
  },
  operator(name, _colon, arg, close) {
    const argument: ArgumentNode = {
      kind: 'argument',
      start: _colon.source.endIdx,
      end: close.source.startIdx,
      parts: arg.exp() as ExpansionNode[],
    };
    return { kind: 'operator', ...span(this), name: tok(name), argument };
  },
  genericItem(name, args, _close): ItemNode {
    return { kind: 'item', ...span(this), name: tok(name), args: itemArguments(args) };
  },
  failKeyword(_fail) {
    return { kind: 'fail', ...span(this) };
  },
  bracedMalformed(name) {
    const n = opt(name);
    return n ? { kind: 'malformed', ...span(this), name: tok(n) } : { kind: 'malformed', ...span(this) };
  },
  ifItem(name, _sp, condition, args, _close): ItemNode {
    return { kind: 'item', ...span(this), name: tok(name), condition: condition.exp() as ConditionNode, args: itemArguments(args) };
  },
  lookupItem(name, _sp1, key, _sp2, type, args, _close): ItemNode {
    const node: ItemNode = { kind: 'item', ...span(this), name: tok(name), lookupType: tok(type), args: itemArguments(args) };
    const k = opt(key);
    if (k) node.lookupKey = k.exp() as ArgumentNode;
    return node;
  },
  filterItem(name, _sp1, list, _sp2, condition, _sp3, _close): ItemNode {
    return {
      kind: 'item',
      ...span(this),
      name: tok(name),
      args: [list.exp() as ArgumentNode],
      filterCondition: condition.exp() as ConditionNode,
    };
  },
  extractItem(name, _sp, variant, args, _close): ItemNode {
    const node: ItemNode = { kind: 'item', ...span(this), name: tok(name), args: itemArguments(args) };
    const v = opt(variant);
    if (v) node.variant = tok(v);
    return node;
  },
  runItem(name, options, args, _close): ItemNode {
    return { kind: 'item', ...span(this), name: tok(name), options: options.children.map(tok), args: itemArguments(args) };
  },
  // conditions
  condition(negation, body) {
    const node = body.exp() as ConditionNode;
    node.start = this.source.startIdx;
    node.negated = negation.numChildren > 0;
    return node;
  },
  conditionArgument(_open, _sp1, condition, _sp2, _close) {
    return condition.exp();
  },
  defCondition(def, name) {
    return cond(this, { start: def.source.startIdx, end: def.source.startIdx + 3, text: 'def' }, 'def', [], { defName: tok(name) });
  },
  combinedCondition(name, _sp1, _open, _sp2, conditions, _sp3, _close) {
    return cond(this, tok(name), 'combined', [], { conditions: conditions.children.map((c) => c.exp() as ConditionNode) });
  },
  iteratorCondition(name, _sp1, list, _sp2, condition) {
    return cond(this, tok(name), 'iterator', [list.exp() as ArgumentNode], { conditions: [condition.exp() as ConditionNode] });
  },
  braceListCondition(name, _sp1, _open, _sp2, args, _sp3, _close) {
    return cond(this, tok(name), 'braceList', args.children.map((a) => a.exp() as ArgumentNode));
  },
  twoArgumentCondition(name, _sp1, a, _sp2, b) {
    return cond(this, tok(name), 'two', [a.exp() as ArgumentNode, b.exp() as ArgumentNode]);
  },
  oneArgumentCondition(name, _sp, a) {
    return cond(this, tok(name), 'one', [a.exp() as ArgumentNode]);
  },
  noArgumentCondition(name) {
    return cond(this, tok(name), 'none', []);
  },
  otherCondition(name) {
    return cond(this, tok(name), 'other', []);
  },
});

function cond(
  self: NonterminalNode,
  name: Token,
  shape: ConditionShape,
  args: ArgumentNode[],
  extra: Partial<ConditionNode> = {},
): ConditionNode {
  return { kind: 'condition', start: self.source.startIdx, end: self.source.endIdx, negated: false, name, shape, args, ...extra };
}

// ------------------------------------------------------------------ matching, with caches

/**
 * Deepest nesting (as counted by expansionDepth) the parser follows; deeper text is reported, not
 * parsed.  Ohm recurses for every level: on Node's default stack a cold parse overflows at about 150
 * levels (`${lc:` nested), so this keeps a threefold margin.  Real configurations stay under 10.
 */
export const MAX_EXPANSION_DEPTH = 50;

/** Parsed lines by start rule, then by text (no key concatenation on the hot path). */
const lineCache = new Map<LineRule, Map<string, LineNode>>();
let lineCacheSize = 0;
const expansionCache = new Map<string, ExpansionNode[] | ExpansionTooDeep>();
const directiveCache = new Map<string, DirectiveNode>();
const failureCache = new Map<string, { offset: number; expected: string } | null>();
const CACHE_LIMIT = 200_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * A retry rule's items are many small tokens, which Ohm matches at about 20 µs a character: a
 * longer rule is read up to its last `;` before this length (no token spans a `;`, so what is
 * read is exactly what a full reading gives for that part).
 */
export const MAX_RETRY_RULE_LENGTH = 64 * 1024;

/** The part of a line the grammar reads (all of it, except for overlong retry rules). */
export function parsedLength(rule: LineRule, text: string): number {
  if (rule !== 'retryLine' || text.length <= MAX_RETRY_RULE_LENGTH) return text.length;
  const cut = text.lastIndexOf(';', MAX_RETRY_RULE_LENGTH - 1);
  return cut > 0 ? cut : MAX_RETRY_RULE_LENGTH;
}

/** Parses one trimmed logical line with the start rule of its section. Never fails. */
export function parseLine(rule: LineRule, text: string): LineNode {
  let byText = lineCache.get(rule);
  if (!byText) {
    byText = new Map();
    lineCache.set(rule, byText);
  }
  const hit = byText.get(text);
  if (hit) return hit;
  const cut = HEAD_RULES.has(rule) ? headLength(text) : -1;
  const length = parsedLength(rule, text);
  const pattern = rule === 'retryLine' && length === text.length ? retryPattern(text) : undefined;
  const node = cut > 0 ? extendTail(parseLine(rule, text.slice(0, cut)), cut, text) : pattern ? retryWithPattern(pattern, text) : matchLine(rule, length < text.length ? text.slice(0, length) : text);
  if (++lineCacheSize > CACHE_LIMIT) {
    lineCache.clear();
    lineCacheSize = 0;
  }
  byText.set(text, node);
  return node;
}

/** Parses a line with Ohm. */
export function matchLine(rule: LineRule, text: string): LineNode {
  const m = grammar.match(text, rule);
  // Every start rule accepts any input; a failure here is a bug in the grammar.
  if (m.failed()) throw new Error(`grammar rule ${rule} rejected ${JSON.stringify(text)}: ${m.shortMessage}`);
  return semantics(m).line() as LineNode;
}

// In these sections the grammar reads whatever follows the first `name =` (and the blanks after
// it) as `rest`: the value's text never changes the line's structure.  So a line is matched only
// up to the value's first character, and that much is cached: `transport = x`, `transport = y`
// ... are matched once.  (test/syntax/parse.test.ts checks the equivalence on every real line.)
const HEAD_RULES: ReadonlySet<LineRule> = new Set(['mainLine', 'driverLine', 'aclLine', 'localScanLine']);
const isBlankCode = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isNameCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Length of the part of a line that decides its structure, or -1 to match the whole line. */
export function headLength(text: string): number {
  const eq = text.indexOf('=');
  if (eq <= 0) return -1;
  let before = eq - 1;
  while (before > 0 && isBlankCode(text.charCodeAt(before))) before--;
  if (!isNameCode(text.charCodeAt(before))) return -1;
  let p = eq + 1;
  if (text.charCodeAt(p) === 61 /* = */) p++;
  while (p < text.length && isBlankCode(text.charCodeAt(p))) p++;
  // One character of the value is kept, so that whatever ends at the cut is the value.
  return p + 1 < text.length ? p + 1 : -1;
}

/** The node of the whole line from the node of its head: what ran to the cut runs to the end. */
function extendTail<T>(node: T, cut: number, text: string): T {
  if (Array.isArray(node)) return node.map((n) => extendTail(n, cut, text)) as T;
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in o) out[k] = extendTail(o[k], cut, text);
  if (out.end === cut) {
    out.end = text.length;
    if (typeof out.text === 'string' && typeof out.start === 'number') out.text = text.slice(out.start, text.length);
  }
  return out as T;
}

// A retry rule's pattern is one string (quoted or not) followed by white space; what follows it
// (the error, senders and items) is read the same whatever the pattern is.  So the rest is matched
// once, after a one-character stand-in pattern, and cached: `*.a.example  *  F,2h,15m; ...` and
// `*.b.example  *  F,2h,15m; ...` share it.  (test/syntax/parse.test.ts checks the equivalence.)
const retryRests = new Map<string, RetryRuleNode>();

/** The pattern at the start of a retry line, when the rest of the line can be read apart. */
function retryPattern(text: string): DequotedToken | undefined {
  const first = text.charCodeAt(0);
  if (first === 98 || first === 66 /* b B: maybe `begin` */) return undefined;
  let end: number;
  let token: DequotedToken;
  if (first === 34 /* " */) {
    const d = readQuoted(text, 0);
    end = d.end;
    token = { start: 0, end, text: text.slice(0, end), quoted: true, closed: d.closed, value: d.value };
  } else {
    end = 0;
    while (end < text.length && !isPatternEnd(text.charCodeAt(end))) end++;
    const bare = text.slice(0, end);
    token = { start: 0, end, text: bare, quoted: false, closed: true, value: bare };
  }
  if (end === 0 || (end < text.length && !isPatternEnd(text.charCodeAt(end)))) return undefined;
  return token;
}

/** The characters that end a bare pattern (the grammar's `bareString`). */
const isPatternEnd = (c: number) => c === 32 || c === 9 || c === 11 || c === 12 || c === 13;

function retryWithPattern(pattern: DequotedToken, text: string): LineNode {
  const rest = text.slice(pattern.end);
  let node = retryRests.get(rest);
  if (!node) {
    node = matchLine('retryLine', 'x' + rest) as RetryRuleNode;
    remember(retryRests, rest, node);
  }
  return { ...shiftOffsets(node, pattern.end - 1), pattern };
}

/** A copy of a node with every offset in it moved by `delta`. */
function shiftOffsets<T>(node: T, delta: number): T {
  if (Array.isArray(node)) return node.map((n) => shiftOffsets(n, delta)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = typeof v === 'number' && OFFSET_KEYS.has(k) ? v + delta : shiftOffsets(v, delta);
  return out as T;
}

/** The fields of line nodes that hold offsets into the line. */
const OFFSET_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'equals', 'comma']);

/** Parses a physical line whose first non-blank character is `.` (text starts at that `.`). */
export function parseDirective(text: string): DirectiveNode {
  const hit = directiveCache.get(text);
  if (hit) return hit;
  const m = grammar.match(text, 'directiveLine');
  const node: DirectiveNode = m.succeeded() ? (semantics(m).line() as DirectiveNode) : { kind: 'notDirective' };
  return remember(directiveCache, text, node);
}

/** An expansion that was not parsed: nested too deeply, or (with `tooLong`) too long. */
export interface ExpansionTooDeep {
  tooDeep: true;
  depth: number;
  tooLong?: boolean;
}

/**
 * Longest expansion string the parser reads.  Ohm takes about 30 µs and 3 KB a character on text
 * dense with `${...}`; real values stay far below this.
 */
export const MAX_EXPANSION_LENGTH = 64 * 1024;

/**
 * How deep the parser would have to recurse: the deepest nesting of `${`, and of `{` inside one
 * (arguments and conditions such as `and{{...}}` nest too).  A cheap scan that skips escaped
 * characters; a `{` outside every `${` is plain text and does not count.
 */
export function expansionDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      i++;
    } else if (c === 0x7b /* { */ || (c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b)) {
      if (c === 0x24) i++;
      else if (depth === 0) continue;
      if (++depth > max) max = depth;
    } else if (c === 0x7d /* } */ && depth > 0) {
      depth--;
    }
  }
  return max;
}

const isStackOverflow = (e: unknown) => e instanceof RangeError && /call stack/i.test(e.message);

/** Parses an expansion string into nodes; offsets are relative to `text`. */
export function parseExpansion(text: string): ExpansionNode[] | ExpansionTooDeep {
  const hit = expansionCache.get(text);
  if (hit) return hit;
  const depth = expansionDepth(text);
  if (depth > MAX_EXPANSION_DEPTH) return remember(expansionCache, text, { tooDeep: true, depth });
  if (text.length > MAX_EXPANSION_LENGTH) return remember(expansionCache, text, { tooDeep: true, depth, tooLong: true });
  let nodes: ExpansionNode[];
  try {
    const m = grammar.match(text, 'expansionString');
    if (m.failed()) throw new Error(`expansion grammar rejected ${JSON.stringify(text)}: ${m.shortMessage}`);
    nodes = semantics(m).exp() as ExpansionNode[];
  } catch (e) {
    // The depth bound keeps Ohm's recursion well inside the stack; should the caller's own stack
    // be nearly used up, the text is reported as too deep rather than crashing the analysis.
    if (!isStackOverflow(e)) throw e;
    return { tooDeep: true, depth };
  }
  return remember(expansionCache, text, nodes);
}

/** For an expansion that did not parse cleanly: where a strict reading fails, and what it wanted. */
export function explainExpansionFailure(text: string, from: number): { offset: number; expected: string } | undefined {
  let failure = failureCache.get(text);
  if (failure === undefined) {
    // One strict match per text, whatever the number of broken `${` in it.
    failure = null;
    try {
      const m = strictGrammar().match(text, 'expansionString');
      if (m.failed()) failure = { offset: m.getRightmostFailurePosition(), expected: m.getExpectedText() };
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
    }
    remember(failureCache, text, failure);
  }
  return failure && failure.offset >= from ? failure : undefined;
}

let strict: typeof grammar | undefined;
function strictGrammar(): typeof grammar {
  // The same grammar without the forgiving alternative for a broken `${...}`, so that Ohm can say
  // how far a strict reading gets.
  if (!strict) {
    // ohm-js ships CommonJS for require() and types written for ES modules.
    const ohm = require('ohm-js') as typeof import('ohm-js', { with: { 'resolution-mode': 'import' } });
    strict = ohm.grammar('EximStrict <: Exim { bracedMalformed := ~restChar restChar }', {
      Exim: grammar,
    }) as unknown as typeof grammar;
  }
  return strict;
}

export function clearParseCaches(): void {
  lineCache.clear();
  lineCacheSize = 0;
  expansionCache.clear();
  directiveCache.clear();
  failureCache.clear();
  retryRests.clear();
}

export function parseCacheSize(): number {
  return lineCacheSize + expansionCache.size + directiveCache.size;
}
