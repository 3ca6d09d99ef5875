// Checks on the configuration's names: references to an ACL, transport, router or named list that
// nothing defines; definitions that nothing uses; two routers (transports, authenticators, ACLs)
// with one name.
//
// Exim finds none of the undefined names when it reads the file (exim -bV accepts
// `transport = nosuch`); it fails when it routes, delivers or runs the ACL.  Only a name written
// as a plain value is checked: a value that is an expansion is only known when Exim expands it.
//
// A file read on its own may be a piece of a larger configuration (an `.include`d file whose
// includer is unknown): then a name is only reported as undefined when the section that would
// define it is there, and a definition only as unused when the places that would use it are there.

import { LIST_KEYWORD, LIST_WORD, NAME_KIND_WORD as WORD, TRANSPORT_OPTIONS } from '../facts/names';
import type { CheckContext } from './context';
import type { LineFix, Severity } from './diagnostic';
import { lineLabel } from './labels';
import { nameIndex, type Definition, type NameEntry, type NameKind, type Reference } from './names';
import { boundedDistance } from './distance';

const UNDEFINED_CODE: Partial<Record<NameKind, string>> = {
  acl: 'undefined-acl',
  transport: 'undefined-transport',
  router: 'undefined-router',
  list: 'undefined-named-list',
};

const USED_SOMETIMES: ReadonlySet<string> = new Set(TRANSPORT_OPTIONS.filter((o) => o.sometimes).map((o) => o.name));

const UNUSED_CODE: Partial<Record<NameKind, string>> = {
  acl: 'unused-acl',
  transport: 'unused-transport',
  list: 'unused-named-list',
  macro: 'unused-macro',
};

export function checkReferences(ctx: CheckContext): void {
  const index = nameIndex(ctx.doc);
  const entries = index.entries();
  checkDuplicates(ctx, entries);
  checkUndefined(ctx, entries);
  checkUnused(ctx, entries, index.dynamic);
}

// ------------------------------------------------------------------ duplicates

function checkDuplicates(ctx: CheckContext, entries: NameEntry[]): void {
  for (const e of entries) {
    const k = e.key.kind;
    if (k !== 'acl' && k !== 'router' && k !== 'transport' && k !== 'authenticator') continue;
    // A file included twice defines its instances twice: Exim rejects that too.
    const defs = e.definitions;
    if (defs.length < 2) continue;
    const plural = k === 'acl' ? 'ACLs' : `${WORD[k]}s`;
    const first = defs[0];
    for (const d of defs.slice(1)) {
      ctx.report(d.line, {
        start: d.site.start!,
        end: d.site.end!,
        code: 'duplicate-name',
        message: `there are two ${plural} called "${e.key.name}": ${lineLabel(first.line, d.line, ctx.doc)} and this one (Exim: there are two ${plural} called "${e.key.name}")`,
      });
      const diag = ctx.diagnostics[ctx.diagnostics.length - 1];
      diag.related = [{ file: first.site.file, range: first.site.range, message: `the first ${WORD[k]} called "${e.key.name}"` }];
    }
  }
}

// ------------------------------------------------------------------ undefined names

/** Whether the part of the configuration that defines names of this kind is in view. */
function definersInView(ctx: CheckContext, kind: NameKind): boolean {
  if (ctx.whole) return true;
  // A section the file only seems to be a piece of (no `begin` line: a fragment read on its own)
  // is not all of it: the other pieces may define the name.
  const has = (name: string) => ctx.doc.sections.some((s) => s.name === name && (s.begin !== undefined || s.impliedBy === undefined));
  switch (kind) {
    case 'acl':
      return has('acls');
    case 'transport':
      return has('transports');
    case 'router':
      return has('routers');
    case 'list':
      return (ctx.doc.sections[0]?.lines.length ?? 0) > 0;
    default:
      return false;
  }
}

/**
 * Whether the configuration read looks whole, so that what it lacks is really missing: it has
 * routers, and no `.include` was left unread.
 */
export function readsWhole(ctx: CheckContext): boolean {
  return ctx.doc.sections.some((s) => s.name === 'routers' && s.instances.length > 0) && unreadIncludes(ctx).length === 0;
}

/** `.include` files that could not be read: names may be defined there. */
export function unreadIncludes(ctx: CheckContext): string[] {
  const out: string[] = [];
  for (const d of ctx.doc.read.directives) {
    if (d.node.kind !== 'include' || d.inactive || d.node.ifExists || d.includedFile !== undefined) continue;
    out.push(d.resolved ?? d.node.path.text);
  }
  return out;
}

function checkUndefined(ctx: CheckContext, entries: NameEntry[]): void {
  const unread = unreadIncludes(ctx);
  const byKind = new Map<string, string[]>();
  for (const e of entries) {
    if (e.definitions.length === 0) continue;
    const id = e.key.kind === 'list' ? `list:${e.key.list}` : e.key.kind;
    const names = byKind.get(id) ?? [];
    names.push(e.key.name);
    byKind.set(id, names);
  }
  const setKeys = new Map<string, string>();
  for (const e of entries) {
    const code = UNDEFINED_CODE[e.key.kind];
    if (!code || e.definitions.length > 0) continue;
    if (!definersInView(ctx, e.key.kind)) continue;
    for (const r of e.references) {
      if (!r.certain || !r.site.line) continue;
      const kind = e.key.kind === 'list' ? `list:${e.key.list}` : e.key.kind;
      const candidates = byKind.get(kind) ?? [];
      let setKey = setKeys.get(kind);
      if (setKey === undefined) setKeys.set(kind, (setKey = `${kind}\u0000${candidates.join('\u0000')}`));
      reportUndefined(ctx, r, code, candidates, setKey, entries, unread);
    }
  }
}


/**
 * Names close to `name` (did you mean?): at most 3, nearest first, within a distance that grows
 * with the name's length (as the option checks' suggestions do), computed so that it stops early:
 * a configuration can define hundreds of names of one kind.
 */
export function suggestions(name: string, candidates: string[]): string[] {
  const limit = Math.max(1, Math.min(4, Math.floor(name.length / 3)));
  const lower = name.toLowerCase();
  const near: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = boundedDistance(lower, c.toLowerCase(), limit);
    if (d <= limit) near.push({ c, d });
  }
  return near
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map((x) => x.c);
}

/** Suggestions by the set of names they were chosen from, then by name: most edits change neither. */
const suggestionCache = new Map<string, Map<string, string[]>>();

function cachedSuggestions(name: string, candidates: string[], setKey: string): string[] {
  let byName = suggestionCache.get(setKey);
  if (!byName) {
    if (suggestionCache.size > 32) suggestionCache.clear();
    suggestionCache.set(setKey, (byName = new Map()));
  }
  let hit = byName.get(name);
  if (!hit) byName.set(name, (hit = suggestions(name, candidates)));
  return hit;
}

function reportUndefined(ctx: CheckContext, r: Reference, code: string, candidates: string[], setKey: string, entries: NameEntry[], unread: string[]): void {
  const line = r.site.line!;
  const close = cachedSuggestions(r.name, candidates, setKey);
  let what: string;
  let when: string;
  switch (r.kind) {
    case 'acl':
      what = `no ACL is called "${r.name}"`;
      when = r.via.startsWith('acl_') ? 'Exim would read the name as the text of an ACL and fail when it runs it' : 'Exim fails when it runs this ACL';
      break;
    case 'transport': {
      what = `no transport is called "${r.name}"`;
      const owner = line.instance ? ` in ${line.instance.name} router` : '';
      if (r.via === 'transport') when = `Exim fails when it routes an address here (Exim: transport "${r.name}" not found${owner})`;
      else if (r.via === 'shadow_transport') when = `Exim fails when it delivers with this transport (Exim: shadow transport "${r.name}" not found)`;
      else if (r.via.startsWith('system_filter_')) when = 'Exim fails when the system filter delivers this way';
      else when = `Exim fails when a redirection here delivers to a ${r.via.replace('_transport', '')}`;
      break;
    }
    case 'router':
      what = `no router is called "${r.name}"`;
      when = `Exim refuses the configuration when it reads the routers (Exim: new_router "${r.name}" not found${line.instance ? ` for "${line.instance.name}" router` : ''})`;
      break;
    default: {
      const kind = r.list!;
      what = `no ${LIST_KEYWORD[kind]} is called "${r.name}"`;
      const other = entries.find((x) => x.key.kind === 'list' && x.key.name === r.name && x.key.list !== kind && x.definitions.length > 0);
      if (other) what += ` (there is a ${LIST_KEYWORD[other.key.list!]} of that name, but "${r.via}" is a ${LIST_WORD[kind]})`;
      when = r.via === '${listnamed'
        ? `the expansion fails (Exim: "${r.name}" is not a ${kind} named list)`
        : `Exim fails when it matches the list (Exim: unknown named ${LIST_WORD[kind]} "+${r.name}")`;
    }
  }
  let message = `${what}${close.length ? `; did you mean "${close[0]}"?` : ''} - ${when}`;
  // A redirection's file, pipe or reply transport (or the system filter's) is only used when what
  // the redirection (or filter) yields asks for it: many never do, and exim -bV accepts the file.
  let severity: Severity | undefined = r.kind === 'transport' && USED_SOMETIMES.has(r.via) ? 'warning' : undefined;
  if (/^[A-Z][A-Z0-9_]*$/.test(r.name)) {
    // An upper-case word where a name belongs is almost always a macro that is not defined here
    // (given with -D, or made by update-exim4.conf); Exim would look the word up as it is.
    message = `"${r.name}" looks like a macro, but no macro of that name is defined before this line, so Exim reads it as a ${r.kind === 'list' ? `${LIST_KEYWORD[r.list!]} name` : `${WORD[r.kind]} name`}, and ${what} (a macro given with -D, or one that update-exim4.conf defines, is not seen here)`;
    severity = 'warning';
  }
  if (unread.length > 0) {
    message += ` (it may be defined in ${unread.map((p) => `"${p}"`).join(', ')}, which could not be read)`;
    severity = 'warning';
  }
  const fixes: LineFix[] = close.map((c, i) => ({ title: `Change to "${c}"`, edits: [{ start: r.site.start!, end: r.site.end!, newText: c }], preferred: i === 0 || undefined }));
  ctx.report(line, { start: r.site.start!, end: r.site.end!, code, message, fixes: fixes.length ? fixes : undefined, severity });
}

// ------------------------------------------------------------------ unused definitions

/** Whether the places that would use names of this kind are in view (and all of them readable). */
function usersInView(ctx: CheckContext, kind: NameKind, dynamic: Set<NameKind>): boolean {
  if (dynamic.has(kind)) return false; // a name chosen by an expansion may be any of them
  if (unreadIncludes(ctx).length > 0) return false;
  if (ctx.whole) return true;
  const has = (name: string) => ctx.doc.sections.some((s) => s.name === name && s.instances.length > 0);
  const main = (ctx.doc.sections[0]?.lines.length ?? 0) > 0;
  switch (kind) {
    case 'acl':
      return main;
    case 'transport':
      return has('routers');
    case 'list':
      return main && (has('routers') || has('acls'));
    case 'macro':
      return ctx.doc.sections.length > 1;
    default:
      return false;
  }
}

function checkUnused(ctx: CheckContext, entries: NameEntry[], dynamic: Set<NameKind>): void {
  const inView = new Map<NameKind, boolean>();
  for (const e of entries) {
    const code = UNUSED_CODE[e.key.kind];
    if (!code || e.definitions.length === 0 || e.references.length > 0) continue;
    let ok = inView.get(e.key.kind);
    if (ok === undefined) inView.set(e.key.kind, (ok = usersInView(ctx, e.key.kind, dynamic)));
    if (!ok) continue;
    const d = e.definitions[0];
    ctx.report(d.line, {
      start: d.site.start!,
      end: d.site.end!,
      code,
      message: unusedMessage(d),
      tags: ['unnecessary'],
    });
  }
}

function unusedMessage(d: Definition): string {
  switch (d.kind) {
    case 'acl':
      return `the ACL "${d.name}" is never used: no acl_smtp_* option, "acl =" condition or \${acl ...} names it`;
    case 'transport':
      return `the transport "${d.name}" is never used: no router names it`;
    case 'list':
      return `the ${LIST_KEYWORD[d.list!]} "${d.name}" is never used: no list refers to it as "+${d.name}"`;
    default:
      return `the macro "${d.name}" is never used`;
  }
}

