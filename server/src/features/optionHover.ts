// Hover on the structure of the file and on option settings: `begin` lines, option names (with
// `no_`/`not_` and `hide`), driver names after `driver =`, time values, the ACL or transport an
// option names, named-list keywords and names, and instance headers.

import { aclNamings } from '../analysis/aclUse';
import { buildGaps, buildNote } from '../analysis/build';
import { lineLabel } from '../analysis/labels';
import {
  docFor,
  isDriverName,
  namedListKind,
  privateOptions,
  resolveOptionWord,
  sectionDoc,
  sectionName,
  type DriverScope,
  type OptionInfo,
  type OptionScope,
} from '../facts';
import { describeDuration, readTime } from '../retry/time';
import type { ConfigDocument, ConfigLine, Instance } from '../syntax/document';
import type { OptionNode, Token } from '../syntax/tree';
import { driverMarkdown, optionMarkdown, sectionMarkdown } from './describe';
import type { HoverContext, HoverResult } from './hover';
import { within } from './locate';
import { codeSpan, docMarkdown, joinSections } from './markdown';

const SCOPES: Partial<Record<string, OptionScope>> = { main: 'main', routers: 'routers', transports: 'transports', authenticators: 'authenticators' };
const WORD: Record<DriverScope, string> = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };

export function optionHover(ctx: HoverContext): HoverResult | undefined {
  const { line, offset } = ctx;
  const node = line.node;
  const range = (t: { start: number; end: number }) => line.map.range(t.start, t.end);
  switch (node.kind) {
    case 'begin': {
      const name = sectionName(node.name.text);
      if (!name || !(within(offset, node.keyword) || within(offset, node.name))) return undefined;
      return { contents: sectionMarkdown(name, sectionDoc(name)), range: range({ start: node.keyword.start, end: node.name.end }) };
    }
    case 'namedList': {
      if (node.hide && within(offset, node.hide)) return { contents: hideMarkdown(), range: range(node.hide) };
      if (within(offset, node.keyword)) {
        const end = node.cache ? node.keyword.end + '_cache'.length : node.keyword.end;
        const doc = docFor('sections', `syntax/${node.keyword.text}`);
        const extra = node.cache ? ['`_cache`: the results are remembered even though the list contains `$`.'] : [];
        return { contents: joinSections([`**named list** ${codeSpan(node.keyword.text + (node.cache ? '_cache' : ''))}`, ...docMarkdown(doc, extra)]), range: range({ start: node.keyword.start, end }) };
      }
      if (node.name && within(offset, node.name)) {
        return { contents: namedListMarkdown(ctx.analysis.document, line), range: range(node.name) };
      }
      return undefined;
    }
    case 'instanceHeader': {
      if (!within(offset, node.name) || !line.instance) return undefined;
      return { contents: instanceMarkdown(ctx.analysis.document, line.instance), range: range(node.name) };
    }
    case 'option':
      return optionLineHover(ctx, node);
    default:
      return undefined;
  }
}

function hideMarkdown(): string {
  return joinSections(['**hide**', ...docMarkdown(docFor('sections', 'syntax/hide'))]);
}

function optionLineHover(ctx: HoverContext, node: OptionNode): HoverResult | undefined {
  const { line, offset } = ctx;
  const scope = SCOPES[line.section];
  const range = (t: { start: number; end: number }) => line.map.range(t.start, t.end);
  if (node.hide && within(offset, node.hide)) return { contents: hideMarkdown(), range: range(node.hide) };
  if (!scope) return undefined;
  const driver = line.instance?.driver?.name;
  const resolved = resolveOptionWord(scope, node.name.text, driver);
  if (within(offset, node.name)) {
    if (!resolved) return undefined;
    const note = buildNote(buildGaps(ctx.analysis.document.macros.builtinEntries), resolved.option);
    return { contents: joinSections([optionMarkdown(resolved.option, node.name.text), note]), range: range(node.name) };
  }
  if (!node.value || !resolved || offset < node.value.start) return undefined;
  return optionValueHover(ctx, resolved.option, node.value);
}

function optionValueHover(ctx: HoverContext, option: OptionInfo, value: Token): HoverResult | undefined {
  const { line, offset } = ctx;
  const doc = ctx.analysis.document;
  const range = (start: number, end: number) => line.map.range(start, end);
  if (option.name === 'driver' && option.scope !== 'main') {
    const scope = option.scope as DriverScope;
    if (!isDriverName(scope, value.text)) return undefined;
    const note = buildNote(buildGaps(doc.macros.builtinEntries), `${scope}/${value.text}`);
    return { contents: joinSections([driverMarkdown(scope, value.text, privateOptions(scope, value.text).length), note]), range: range(value.start, value.end) };
  }
  const type = option.type === 'func' && option.funcParses ? option.funcParses : option.type;
  if (type === 'time' || type === 'timelist') {
    const t = timeAt(value, offset);
    return t ? { contents: t.markdown, range: range(t.start, t.end) } : undefined;
  }
  // An option that names an ACL, or a router's transport.
  if (option.scope === 'main' && /^acl_/.test(option.name)) {
    const acl = findInstance(doc, 'acls', value.text);
    if (acl) return { contents: aclReferenceMarkdown(doc, acl, line), range: range(value.start, value.end) };
  }
  if (option.scope === 'routers' && option.name === 'transport') {
    const t = findInstance(doc, 'transports', value.text);
    if (t) return { contents: instanceMarkdown(doc, t, line), range: range(value.start, value.end) };
  }
  return undefined;
}

/** A time value (or the item of a time list) at an offset, with its meaning. */
export function timeAt(value: Token, offset: number): { start: number; end: number; markdown: string } | undefined {
  let p = 0;
  for (const part of value.text.split(':')) {
    const lead = part.length - part.trimStart().length;
    const t = part.trim();
    const start = value.start + p + lead;
    if (offset >= start && offset <= start + t.length && t !== '') {
      const seconds = readTime(t);
      if (seconds < 0) return undefined;
      return { start, end: start + t.length, markdown: timeMarkdown(t, seconds) };
    }
    p += part.length + 1;
  }
  return undefined;
}

export function timeMarkdown(text: string, seconds: number): string {
  return `**time** ${codeSpan(text)} = ${describeDuration(seconds)}${seconds >= 60 ? ` (${seconds} seconds)` : ''}`;
}

export function findInstance(doc: ConfigDocument, section: string, name: string): Instance | undefined {
  for (const s of doc.sections) if (s.name === section) for (const i of s.instances) if (i.name === name) return i;
  return undefined;
}

/** What an ACL header or a reference to an ACL says: where it is defined and where it runs. */
export function aclReferenceMarkdown(doc: ConfigDocument, acl: Instance, from: ConfigLine): string {
  const namings = aclNamings(doc).get(acl.name) ?? [];
  const parts = [`**ACL** ${codeSpan(acl.name)} · ${acl.statements.length} statement${acl.statements.length === 1 ? '' : 's'}`];
  if (acl.header !== from) parts.push(`Defined on ${lineLabel(acl.header, from, doc)}.`);
  parts.push(
    namings.length
      ? `Runs as ${namings.map((n) => `${codeSpan(n.option)} (${n.type})`).join(', ')}: conditions, controls and verify types are checked against that.`
      : 'No `acl_smtp_*` or `acl_not_smtp*` option names it, so where it runs depends on how it is called (`acl =`, `${acl{...}}` ...).',
  );
  const link = docFor('sections', 'acls')?.link;
  if (link) parts.push(`[Exim specification](${link})`);
  return joinSections(parts);
}

/** A router, transport or authenticator: its driver, and for transports the routers that use it. */
export function instanceMarkdown(doc: ConfigDocument, instance: Instance, from?: ConfigLine): string {
  if (instance.kind === 'acl') return aclReferenceMarkdown(doc, instance, from ?? instance.header);
  const scope = instance.section.name as DriverScope;
  const driver = instance.driver?.name;
  const parts = [`**${WORD[scope]}** ${codeSpan(instance.name)}${driver ? ` · driver ${codeSpan(driver)}` : ' · no driver'}`];
  if (from && from !== instance.header) parts.push(`Defined on ${lineLabel(instance.header, from, doc)}.`);
  if (driver && isDriverName(scope, driver)) {
    const d = docFor('drivers', `${scope}/${driver}`);
    if (d) parts.push(d.summary);
  }
  if (scope === 'transports') {
    const users: string[] = [];
    for (const s of doc.sections) {
      if (s.name !== 'routers') continue;
      for (const r of s.instances) {
        if (r.lines.some((l) => l.node.kind === 'option' && l.node.name.text === 'transport' && l.node.value?.text === instance.name)) users.push(r.name);
      }
    }
    parts.push(users.length ? `Used by the router${users.length === 1 ? '' : 's'} ${users.map(codeSpan).join(', ')}.` : 'No router names it with `transport =` (it may still be named in an expansion or another option).');
  }
  if (scope === 'routers') {
    const order = instance.section.instances.indexOf(instance);
    parts.push(`Router ${order + 1} of ${instance.section.instances.length}: addresses reach it when the routers before it decline.`);
  }
  const link = sectionDoc(scope)?.link;
  if (link) parts.push(`[Exim specification](${link})`);
  return joinSections(parts);
}

const KEYWORD_KIND: Record<string, string> = { domain: 'domain list', host: 'host list', address: 'address list', localpart: 'local part list' };

/** A named list: its kind, value, and how often it is referenced. */
export function namedListMarkdown(doc: ConfigDocument, def: ConfigLine, from?: ConfigLine): string {
  const node = def.node;
  if (node.kind !== 'namedList' || !node.name) return '';
  const kind = namedListKind(node.keyword.text);
  const name = node.name.text;
  const refs = doc.lines.filter((l) => l !== def && new RegExp(`\\+${name.replace(/\W/g, '\\$&')}(?![A-Za-z0-9_])`).test(l.text)).length;
  const parts = [`**${kind ? KEYWORD_KIND[kind] : 'named list'}** ${codeSpan(name)}${node.hide ? ' · hidden' : ''}`];
  const value = node.value?.text ?? '';
  parts.push(value.length > 200 ? `${codeSpan(value.slice(0, 200))}…` : codeSpan(value || '(empty)'));
  if (from && from !== def) parts.push(`Defined on ${lineLabel(def, from, doc)}.`);
  parts.push(refs === 0 ? `Not referenced anywhere as ${codeSpan('+' + name)}.` : `Referenced as ${codeSpan('+' + name)} on ${refs} line${refs === 1 ? '' : 's'}.`);
  const link = docFor('sections', `syntax/${node.keyword.text}`)?.link;
  if (link) parts.push(`[Exim specification](${link})`);
  return joinSections(parts);
}
