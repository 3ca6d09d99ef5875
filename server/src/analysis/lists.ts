// Exim lists in option and ACL values: which values are lists (and of what kind), how they split
// into items (`:` or the separator chosen with `<X`, a doubled separator standing for itself), and
// which items are lookups (`lsearch;/etc/file`, `net24-dbm;/etc/nets`, `partial-lsearch;...`).
// Offsets stay in the logical line so that hover and diagnostics can point at an item.

import { aclConditionListKind, findOption, namedListKind, resolveOptionWord, type ListKind, type OptionScope } from '../facts';
import type { ConfigLine } from '../syntax/document';
import { readQuoted } from '../syntax/strings';

export interface ListValue {
  line: ConfigLine;
  kind: ListKind;
  /** The value as Exim reads it (dequoted for option values). */
  text: string;
  /** Line offset of each character of `text`, and of its end. */
  offsets: number[];
}

export interface ListItem {
  /** Offsets in ListValue.text. */
  start: number;
  end: number;
  text: string;
}

export interface LookupItem {
  /** The lookup type with its decorations (`partial-lsearch*@`), in ListValue.text offsets. */
  start: number;
  end: number;
  spec: string;
  /** The host-list `net<n>-` prefix, when there is one. */
  netPrefix?: string;
}

const SCOPE: Partial<Record<string, OptionScope>> = { main: 'main', routers: 'routers', transports: 'transports', authenticators: 'authenticators' };

function withOffsets(raw: string, base: number, dequote: boolean): { text: string; offsets: number[] } {
  if (dequote && raw.startsWith('"')) {
    const d = readQuoted(raw, 0);
    return { text: d.value, offsets: [...d.map.source.map((o) => base + o), base + d.map.end] };
  }
  const offsets: number[] = [];
  for (let i = 0; i <= raw.length; i++) offsets.push(base + i);
  return { text: raw, offsets };
}

/** The list value of a line, when the line sets a list (option, ACL condition or named list). */
export function listValue(line: ConfigLine): ListValue | undefined {
  const node = line.node;
  if (node.kind === 'option' && node.value) {
    const scope = SCOPE[line.section];
    if (!scope) return undefined;
    const driver = line.instance?.driver?.name;
    const option = (resolveOptionWord(scope, node.name.text, driver) ?? { option: findOption(scope, node.name.text) }).option;
    if (!option?.list) return undefined;
    return { line, kind: option.list, ...withOffsets(node.value.text, node.value.start, true) };
  }
  if (node.kind === 'aclStatement' && node.condition?.value) {
    const kind = aclConditionListKind(node.condition.name.text);
    if (!kind) return undefined;
    return { line, kind, ...withOffsets(node.condition.value.text, node.condition.value.start, false) };
  }
  if (node.kind === 'namedList' && node.value) {
    const kind = namedListKind(node.keyword.text);
    if (!kind) return undefined;
    return { line, kind, ...withOffsets(node.value.text, node.value.start, true) };
  }
  return undefined;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isPunct = (c: string | undefined) => c !== undefined && /^[!-/:-@[-`{-~]$/.test(c);

/** The end of a `${...}` that starts at `text[i]` (`$`), or the text's end when it is not closed. */
function skipExpansion(text: string, i: number): number {
  let depth = 0;
  for (let p = i + 1; p < text.length; p++) {
    const c = text[p];
    if (c === '\\') {
      if (text[p + 1] === 'N') {
        const close = text.indexOf('\\N', p + 2);
        if (close < 0) return text.length;
        p = close + 1;
      } else {
        p++;
      }
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return p + 1;
    }
  }
  return text.length;
}

/**
 * Splits a list the way Exim's string_nextinlist() does, keeping each item's place. A `${...}`
 * is taken whole (it is expanded before the list is split, so separators inside it are not
 * separators of this list), and so is `\N...\N`.
 */
export function splitList(text: string): ListItem[] {
  let p = 0;
  let sep = ':';
  while (isSpace(text[p])) p++;
  if (text[p] === '<' && (isPunct(text[p + 1]) || (text[p + 1] !== undefined && text.charCodeAt(p + 1) < 32))) {
    sep = text[p + 1];
    p += 2;
  }
  const items: ListItem[] = [];
  while (p <= text.length) {
    while (p < text.length && isSpace(text[p]) && text[p] !== sep) p++;
    if (p >= text.length) break;
    const start = p;
    let parts = '';
    let from = p;
    for (;;) {
      if (p >= text.length) break;
      const c = text[p];
      if (c === '$' && text[p + 1] === '{') {
        p = skipExpansion(text, p);
        continue;
      }
      if (c === '\\' && text[p + 1] === 'N') {
        const close = text.indexOf('\\N', p + 2);
        p = close < 0 ? text.length : close + 2;
        continue;
      }
      if (c === sep) {
        if (text[p + 1] === sep) {
          parts += text.slice(from, p + 1);
          p += 2;
          from = p;
          continue;
        }
        break;
      }
      p++;
    }
    let end = p;
    parts += text.slice(from, end);
    const trimmed = parts.replace(/\s+$/, '');
    while (end > start && isSpace(text[end - 1])) end--;
    if (trimmed.length > 0) items.push({ start, end, text: trimmed });
    p++; // past the separator
  }
  return items;
}

/**
 * The lookup of a list item, when the item is one (`type;data`): negation, `^` regexes, `+name`
 * references and `@` forms are not lookups. In a host list the type may carry a `net<n>-` prefix.
 * Items whose type part holds an expansion or white space are left alone (Exim sees them only
 * after expansion).
 */
export function lookupInItem(item: ListItem, kind: ListKind): LookupItem | undefined {
  let p = 0;
  const t = item.text;
  if (t[p] === '!') {
    p++;
    while (isSpace(t[p])) p++;
  }
  if (t[p] === '^' || t[p] === '+' || t[p] === '@' || t.startsWith('\\N', p)) return undefined;
  const semi = t.indexOf(';', p);
  if (semi < 0) return undefined;
  let specStart = p;
  let spec = t.slice(p, semi);
  if (spec === '' || /[\s${}]/.test(spec)) return undefined;
  let netPrefix: string | undefined;
  if (kind === 'host') {
    const m = /^net\d*-/.exec(spec);
    if (m) {
      netPrefix = m[0];
      spec = spec.slice(m[0].length);
      specStart += m[0].length;
    }
  }
  return { start: item.start + specStart, end: item.start + specStart + spec.length, spec, netPrefix };
}

/** Every lookup item of a list value. */
export function listLookups(v: ListValue): LookupItem[] {
  const out: LookupItem[] = [];
  for (const item of splitList(v.text)) {
    const l = lookupInItem(item, v.kind);
    if (l) out.push(l);
  }
  return out;
}

/**
 * A uid or gid list (never_users, admin_groups, ...) as readconf reads it at start-up. It counts
 * the items first, by ':' alone (one more than the colons that do not end the value), then reads
 * that many items, each with the separator chosen afresh: a `<X` counts only where an item starts
 * with it. So `<+ root + daemon` is one item, `root`, and the rest is never read (`ignored`); an
 * item holds what the separator in force left in it, white space and all.
 */
export function readAccountList(text: string): { items: ListItem[]; ignored?: ListItem } {
  let wanted = text.length > 0 ? 1 : 0;
  for (let i = 0; i + 1 < text.length; i++) if (text[i] === ':') wanted++;
  const items: ListItem[] = [];
  let p = 0;
  while (items.length < wanted) {
    while (isSpace(text[p])) p++;
    let sep = ':';
    if (text[p] === '<' && (isPunct(text[p + 1]) || (text[p + 1] !== undefined && text.charCodeAt(p + 1) < 32))) {
      sep = text[p + 1];
      p += 2;
      while (isSpace(text[p]) && text[p] !== sep) p++;
    }
    if (p >= text.length) break;
    const start = p;
    let item = '';
    let end = p;
    for (; p < text.length; p++) {
      if (text[p] === sep) {
        p++;
        if (text[p] !== sep || sep.charCodeAt(0) < 32) break;
      }
      item += text[p];
      if (!isSpace(text[p])) end = p + 1;
    }
    items.push({ start, end, text: item.replace(/\s+$/, '') });
  }
  while (isSpace(text[p])) p++;
  const rest = text.slice(p).replace(/\s+$/, '');
  return { items, ignored: rest ? { start: p, end: p + rest.length, text: rest } : undefined };
}
