// The Outline of a file (document symbols) and the names of every file of the configuration
// (workspace symbols).  Sections hold the ACLs, routers, transports and authenticators (their
// driver as detail), named lists, macros, retry and rewrite rules written in the file.  Lines
// Exim skips (false .ifdef branches) are shown too, marked as such.

import type { Analysis } from '../analysis/analyse';
import { nameIndex, type NameKind } from '../analysis/names';
import { NAME_KIND_WORD } from '../facts/names';
import type { ConfigLine, Instance, SectionName } from '../syntax/document';
import type { Range } from '../syntax/lines';

export type SymbolKind = 'section' | 'acl' | 'router' | 'transport' | 'authenticator' | 'namedList' | 'macro' | 'retryRule' | 'rewriteRule';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** From the first to the last line of the thing. */
  range: Range;
  /** The name (or the whole line when there is no name). */
  selectionRange: Range;
  children: DocumentSymbol[];
}

const SECTION_TITLE: Record<SectionName, string> = {
  main: 'main',
  acls: 'begin acl',
  authenticators: 'begin authenticators',
  local_scans: 'begin local_scan',
  retrys: 'begin retry',
  rewrites: 'begin rewrite',
  routers: 'begin routers',
  transports: 'begin transports',
};

const SKIPPED = 'skipped: false .ifdef';

/** The physical range of a logical line in the analysed file (undefined when it is elsewhere). */
function ownRange(line: ConfigLine, start = 0, end = line.text.length): Range | undefined {
  if (line.map.fileOf(start) !== 0) return undefined;
  return line.map.range(start, end);
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const doc = analysis.document;
  const out: DocumentSymbol[] = [];
  // Every line of the file in reading order, the ones Exim skips included, grouped by section.
  let current: { symbol: DocumentSymbol; section: SectionName } | undefined;
  let instance: { symbol: DocumentSymbol; instance: Instance } | undefined;
  const extend = (s: DocumentSymbol, r: Range) => {
    if (r.end.line > s.range.end.line || (r.end.line === s.range.end.line && r.end.character > s.range.end.character)) s.range = { start: s.range.start, end: r.end };
  };
  for (const line of doc.lines) {
    const r = ownRange(line);
    if (!r) continue;
    const node = line.node;
    if (node.kind === 'begin' && !line.inactive) {
      const symbol: DocumentSymbol = { name: SECTION_TITLE[line.section], kind: 'section', range: r, selectionRange: r, children: [] };
      out.push(symbol);
      current = { symbol, section: line.section };
      instance = undefined;
      continue;
    }
    if (!current || current.section !== line.section) {
      // The start of the file, or a conf.d fragment whose section began in another file.
      const symbol: DocumentSymbol = { name: SECTION_TITLE[line.section], kind: 'section', range: r, selectionRange: r, children: [] };
      if (line.section !== 'main') symbol.detail = 'begun before this file';
      out.push(symbol);
      current = { symbol, section: line.section };
      instance = undefined;
    }
    extend(current.symbol, r);
    const inst = line.instance;
    if (inst && inst.header === line) {
      const sel = ownRange(line, (node as { name: { start: number; end: number } }).name.start, (node as { name: { start: number; end: number } }).name.end) ?? r;
      const symbol: DocumentSymbol = { name: inst.name, kind: inst.kind, range: r, selectionRange: sel, children: [] };
      const details = [inst.kind === 'acl' ? undefined : inst.driver?.name ?? 'no driver', line.inactive ? SKIPPED : undefined].filter(Boolean);
      if (details.length) symbol.detail = details.join(' · ');
      current.symbol.children.push(symbol);
      instance = { symbol, instance: inst };
      continue;
    }
    if (inst && instance?.instance === inst) {
      extend(instance.symbol, r);
      if (inst.driver && inst.driver.line === line && instance.symbol.detail?.startsWith('no driver')) {
        instance.symbol.detail = [inst.driver.name, line.inactive ? SKIPPED : undefined].filter(Boolean).join(' · ');
      }
      continue;
    }
    const leaf = leafSymbol(line, r);
    if (leaf) {
      if (line.inactive) leaf.detail = leaf.detail ? `${leaf.detail} · ${SKIPPED}` : SKIPPED;
      current.symbol.children.push(leaf);
      instance = undefined;
    }
  }
  return out;
}

function leafSymbol(line: ConfigLine, r: Range): DocumentSymbol | undefined {
  const node = line.node;
  switch (node.kind) {
    case 'namedList':
      if (!node.name || !node.value) return undefined;
      return { name: node.name.text, detail: node.keyword.text + (node.cache ? '_cache' : ''), kind: 'namedList', range: r, selectionRange: ownRange(line, node.name.start, node.name.end) ?? r, children: [] };
    case 'macro':
      return { name: node.name.text, detail: node.value.text.length > 60 ? `${node.value.text.slice(0, 60)}…` : node.value.text, kind: 'macro', range: r, selectionRange: ownRange(line, node.name.start, node.name.end) ?? r, children: [] };
    case 'retry': {
      const head = [node.pattern.text, node.error?.text].filter(Boolean).join(' ');
      const items = node.tail.filter((t) => t.kind === 'item').map((t) => line.text.slice(t.start, t.end));
      return { name: head || line.text, detail: items.join('; ') || undefined, kind: 'retryRule', range: r, selectionRange: r, children: [] };
    }
    case 'rewrite':
      return {
        name: node.key.text,
        detail: [node.replacement?.text, node.flags.text].filter(Boolean).join(' ') || undefined,
        kind: 'rewriteRule',
        range: r,
        selectionRange: ownRange(line, node.key.start, node.key.end) ?? r,
        children: [],
      };
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------ workspace symbols

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** Index into analysis.document.read.files. */
  file: number;
  range: Range;
  containerName?: string;
}

const KIND_OF: Record<NameKind, SymbolKind> = {
  acl: 'acl',
  router: 'router',
  transport: 'transport',
  authenticator: 'authenticator',
  list: 'namedList',
  macro: 'macro',
};

const CONTAINER = NAME_KIND_WORD;

/** Whether the letters of `query` appear in `name` in order (case-insensitive). */
export function matchesQuery(name: string, query: string): boolean {
  if (!query) return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** The names defined anywhere in the configuration an analysis read (every file). */
export function workspaceSymbols(analysis: Analysis, query: string): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const d of nameIndex(analysis.document).definitions) {
    if (!matchesQuery(d.name, query)) continue;
    const detail = d.kind === 'list' ? `${d.list}list` : d.instance?.driver ? `${CONTAINER[d.kind]} (${d.instance.driver.name})` : CONTAINER[d.kind];
    out.push({ name: d.name, kind: KIND_OF[d.kind], file: d.site.file, range: d.site.range, containerName: detail });
  }
  return out;
}
