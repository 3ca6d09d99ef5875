// What the engine knows about one name, as Markdown: the first line says what it is (kind, type,
// default, where it is valid), then the hand-written docs, then the link. Hover shows these texts;
// completion uses them as the documentation of its items.

import {
  aclTypeDisplayName,
  aclTypes,
  driverDoc,
  EXIM_496_PLACES,
  typeSyntax,
  type AclConditionInfo,
  type AclControlInfo,
  type AclType,
  type AclVerbInfo,
  type AclVerifyTypeInfo,
  type CalloutOptionInfo,
  type Doc,
  type DriverScope,
  type ExpansionConditionInfo,
  type ExpansionItemInfo,
  type ExpansionOperatorInfo,
  type LookupTypeInfo,
  type OptionInfo,
  type RatelimitOptionInfo,
  type VariableInfo,
  type VariablePatternInfo,
} from '../facts';
import { codeSpan, docMarkdown, joinSections } from './markdown';
import { mainDefaultIn496, unknownInRelease } from '../facts/release';

const TYPE_NAMES: Record<string, string> = {
  bool: 'boolean',
  bit: 'boolean',
  bool_verify: 'boolean',
  bool_set: 'boolean',
  expand_bool: 'boolean (may be an expansion)',
  stringptr: 'string',
  time: 'time',
  timelist: 'list of times',
  int: 'integer',
  mkint: 'integer',
  octint: 'octal integer',
  Kint: 'size',
  fixed: 'fixed-point number',
  uid: 'user',
  gid: 'group',
  uidlist: 'list of users',
  gidlist: 'list of groups',
  expand_uid: 'user (may be an expansion)',
  expand_gid: 'group (may be an expansion)',
  rewrite: 'header rewriting rules',
  func: 'special',
};

const LIST_NAMES: Record<string, string> = { domain: 'domain list', host: 'host list', address: 'address list', localpart: 'local part list' };

/** The kind of value an option takes, in words: "boolean", "time", "domain list" ... */
export function optionTypeName(o: OptionInfo): string {
  if (o.list) return LIST_NAMES[o.list];
  if (o.type === 'func' && o.funcParses) return TYPE_NAMES[o.funcParses] ?? o.funcParses;
  return TYPE_NAMES[o.type] ?? o.type;
}

const SCOPE_WORD: Record<DriverScope, string> = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };

/** "main option", "generic router option", "option of the redirect router". */
export function optionKind(o: OptionInfo): string {
  if (o.scope === 'main') return 'main option';
  const word = SCOPE_WORD[o.scope];
  return o.driver ? `option of the ${o.driver} ${word}` : `generic ${word} option`;
}

/** Build-time conditions in words. */
export function buildNote(flags: readonly string[] | undefined): string | undefined {
  if (!flags || flags.length === 0) return undefined;
  const off = flags.filter((f) => f.startsWith('DISABLE_'));
  const on = flags.filter((f) => !f.startsWith('DISABLE_'));
  const parts: string[] = [];
  if (on.length) parts.push(`only in Exim builds with ${on.map(codeSpan).join(' and ')}`);
  if (off.length) parts.push(`left out of builds made with ${off.map(codeSpan).join(' or ')}`);
  return `Build: ${parts.join('; ')}.`;
}

function defaultText(o: OptionInfo): string {
  if (o.default !== null && o.default !== '') return `default ${codeSpan(o.default)}`;
  if (o.buildDefault?.length) return `default set at build time (${o.buildDefault.map(codeSpan).join(', ')})`;
  return 'unset by default';
}

export function optionMarkdown(o: OptionInfo, written?: string): string {
  const name = written && written !== o.name ? `${codeSpan(written)} (${codeSpan(o.name)})` : codeSpan(o.name);
  const head = `**${optionKind(o)}** ${name} · ${optionTypeName(o)} · ${defaultText(o)}${o.expanded ? ' · expanded' : ''}`;
  const extra: string[] = [];
  if (written && /^(no|not)_/.test(written) && written !== o.name) extra.push(`${codeSpan(written)} turns the boolean ${codeSpan(o.name)} off (the same as ${codeSpan(`${o.name} = false`)}).`);
  const build = buildNote(o.buildFlags);
  if (build) extra.push(build);
  const older = o.scope === 'main' ? mainDefaultIn496(o.name) : undefined;
  if (older !== undefined) extra.push(`In Exim 4.96 (Debian 12) the default is ${codeSpan(older)}.`);
  if (!o.doc) {
    const syntax = typeSyntax(o.type);
    if (syntax) extra.push(syntax);
  }
  return joinSections([head, ...docMarkdown(o.doc ? { ...o.doc, link: o.link ?? o.doc.link } : o.link ? { summary: '', link: o.link } : undefined, extra)]);
}

export function driverMarkdown(scope: DriverScope, name: string, privateCount: number): string {
  const doc = driverDoc(scope, name);
  const head = `**${SCOPE_WORD[scope]} driver** ${codeSpan(name)} · ${privateCount === 0 ? 'no options of its own' : `${privateCount} option${privateCount === 1 ? '' : 's'} of its own`}`;
  return joinSections([head, ...docMarkdown(doc)]);
}

/** The word usually written after `begin` for a section (Exim adds the final `s` itself). */
export function sectionWord(section: string): string {
  return ({ acls: 'acl', local_scans: 'local_scan', retrys: 'retry', rewrites: 'rewrite' } as Record<string, string>)[section] ?? section;
}

export function sectionMarkdown(section: string, doc: Doc | undefined): string {
  return joinSections([`**section** ${codeSpan(section === 'main' ? 'main' : `begin ${sectionWord(section)}`)}`, ...docMarkdown(doc)]);
}

/** "all ACLs", "the RCPT, PRDR and VRFY ACLs", "all ACLs except the non-SMTP one". */
export function aclTypeList(types: readonly AclType[]): string {
  const all = aclTypes();
  const missing = all.filter((t) => !types.includes(t));
  const names = (list: readonly AclType[]) => list.map((t) => aclTypeDisplayName(t));
  const join = (list: string[]) => (list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`);
  if (missing.length === 0) return 'all ACLs';
  if (types.length === 0) return 'no ACL';
  if (missing.length < types.length && missing.length <= 4) return `all ACLs except the ${join(names(missing))} ACL${missing.length === 1 ? '' : 's'}`;
  return `the ${join(names(types))} ACL${types.length === 1 ? '' : 's'}`;
}

/** One line on whether something may be used where this ACL runs, when that is known. */
function whereNote(allowedIn: readonly AclType[], runsAs: readonly AclType[] | undefined): string | undefined {
  if (!runsAs || runsAs.length === 0) return undefined;
  const bad = runsAs.filter((t) => !allowedIn.includes(t));
  const as = runsAs.map((t) => aclTypeDisplayName(t)).join(', ');
  return bad.length
    ? `**Not allowed** where this ACL runs (${as}): Exim fails the statement with a temporary error.`
    : `Allowed where this ACL runs (${as}).`;
}

export function aclVerbMarkdown(v: AclVerbInfo): string {
  return joinSections([`**ACL verb** ${codeSpan(v.name)}`, ...docMarkdown(v.doc ? { ...v.doc, link: v.link ?? v.doc.link } : undefined)]);
}

export function aclConditionMarkdown(c: AclConditionInfo, runsAs?: readonly AclType[], negated?: boolean): string {
  const neg = c.kind === 'modifier' ? 'cannot be negated' : 'may be negated with `!`';
  const head = `**ACL ${c.kind}** ${codeSpan(c.name)} · ${neg}${c.expanded ? ' · value expanded' : ''}`;
  const extra: string[] = [];
  if (negated && c.kind === 'condition') extra.push(`${codeSpan('!' + c.name)}: true when ${codeSpan(c.name)} is false.`);
  extra.push(`Usable in ${aclTypeList(c.allowedIn)}${c.onlyWithVerbs ? `, with ${c.onlyWithVerbs.map(codeSpan).join(' and ')} only` : ''}.`);
  const release = releaseNote(c.name);
  if (release) extra.push(release);
  const where = whereNote(c.allowedIn, runsAs);
  if (where) extra.push(where);
  const build = buildNote(c.buildFlags);
  if (build) extra.push(build);
  return joinSections([head, ...docMarkdown(withLink(c.doc, c.link), extra)]);
}

/** Where Exim 4.96 places the condition otherwise than newer releases. */
function releaseNote(name: string): string | undefined {
  const places = EXIM_496_PLACES[name];
  if (!places) return undefined;
  const parts = [
    places.refuses && `refuses it in ${aclTypeList(places.refuses)}`,
    places.allows && `also runs it in ${aclTypeList(places.allows)}`,
  ].filter(Boolean);
  return `Exim 4.96 (Debian 12) ${parts.join(' and ')}.`;
}

export function aclControlMarkdown(c: AclControlInfo, runsAs?: readonly AclType[]): string {
  const head = `**control** ${codeSpan(c.name)}${c.hasOptions ? ' · takes `/options`' : ''}`;
  const extra = [`Usable in ${aclTypeList(c.allowedIn)}.`];
  const where = whereNote(c.allowedIn, runsAs);
  if (where) extra.push(where);
  const build = buildNote(c.buildFlags);
  if (build) extra.push(build);
  return joinSections([head, ...docMarkdown(withLink(c.doc, c.link), extra)]);
}

export function aclVerifyMarkdown(v: AclVerifyTypeInfo, runsAs?: readonly AclType[]): string {
  const head = `**verify** ${codeSpan(v.name)}${v.valueForm ? ` (also ${codeSpan(v.valueForm)})` : ''}${v.optionsAllowed ? ' · takes `/options`' : ''}`;
  const extra: string[] = [];
  if (v.options?.length) extra.push(`Options: ${v.options.map((o) => codeSpan(o.value ? `${o.name}[=…]` : o.name)).join(', ')}.`);
  extra.push(`Usable in ${aclTypeList(v.allowedIn)}.`);
  const where = whereNote(v.allowedIn, runsAs);
  if (where) extra.push(where);
  const build = buildNote(v.buildFlags);
  if (build) extra.push(build);
  return joinSections([head, ...docMarkdown(withLink(v.doc, v.link), extra)]);
}

export function calloutOptionMarkdown(c: CalloutOptionInfo): string {
  return joinSections([`**callout option** ${codeSpan(c.takesValue ? `${c.name}=…` : c.name)}`, ...docMarkdown(withLink(c.doc, c.link))]);
}

export function ratelimitOptionMarkdown(r: RatelimitOptionInfo): string {
  return joinSections([`**ratelimit option** ${codeSpan(r.value ? `${r.name}=${r.value}` : r.name)}`, ...docMarkdown(withLink(r.doc, r.link))]);
}

/** For the expansion names Exim 4.96 lacks (facts/release.ts). */
const NOT_IN_496 = 'Newer than Exim 4.96 (Debian 12): that release does not know it, and an expansion that uses it fails.';

export function itemMarkdown(i: ExpansionItemInfo): string {
  const extra: string[] = [];
  const build = buildNote(i.buildFlags);
  if (build) extra.push(build);
  if (unknownInRelease('items', i.name, '4.96')) extra.push(NOT_IN_496);
  return joinSections([`**expansion item** ${codeSpan(i.form)}`, ...docMarkdown(withLink(i.doc, i.link), extra)]);
}

export function operatorMarkdown(o: ExpansionOperatorInfo, written?: string): string {
  const form = o.argForm ?? `\${${o.name}:string}`;
  const extra: string[] = [];
  if (written && written !== o.name) extra.push(`Written ${codeSpan(written)}: the ${codeSpan(o.name)} operator with the parameters ${written.slice(o.name.length + 1).split('_').map(codeSpan).join(', ')}.`);
  const build = buildNote(o.buildFlags);
  if (build) extra.push(build);
  if (unknownInRelease('operators', o.name, '4.96')) extra.push(NOT_IN_496);
  return joinSections([`**expansion operator** ${codeSpan(form)}`, ...docMarkdown(withLink(o.doc, o.link), extra)]);
}

export function expansionConditionMarkdown(c: ExpansionConditionInfo, negated?: boolean): string {
  const extra: string[] = [];
  if (negated) extra.push(`Negated with ${codeSpan('!')}: true when the condition is false.`);
  const build = buildNote(c.buildFlags);
  if (build) extra.push(build);
  if (unknownInRelease('conditions', c.name, '4.96')) extra.push(NOT_IN_496);
  return joinSections([`**expansion condition** ${codeSpan(conditionForm(c))}`, ...docMarkdown(withLink(c.doc, c.link), extra)]);
}

/** How a condition is written: `eq {a}{b}`, `def:<variable name without $> ...`, `and { {cond1}{cond2}... }`. */
export function conditionForm(c: ExpansionConditionInfo): string {
  const form = c.form.trim();
  return form.startsWith(c.name) ? form : `${c.name} ${form}`.trim();
}

export function variableMarkdown(v: VariableInfo | VariablePatternInfo, written: string): string {
  const extra: string[] = [];
  if (v.kind === 'pattern') {
    const header = /^(?:[blr]?h|[blr]?header)_(.*?):?$/.exec(written);
    if (header && header[1]) extra.push(`Here: the ${codeSpan(header[1])} header.`);
    else if (/^\d+$/.test(written)) extra.push(written === '0' ? 'Here: the whole string the last regular expression matched.' : `Here: capture group ${written} of the last regular expression match.`);
  }
  const build = buildNote(v.buildFlags);
  if (build) extra.push(build);
  if (v.kind !== 'pattern' && unknownInRelease('variables', v.name, '4.96')) extra.push(NOT_IN_496);
  const title = v.kind === 'pattern' ? `**variable** ${codeSpan('$' + written)} (of the family ${codeSpan(v.pattern)})` : `**variable** ${codeSpan('$' + v.name)}`;
  return joinSections([title, ...docMarkdown(withLink(v.doc, v.link), extra)]);
}

export function lookupMarkdown(l: LookupTypeInfo, decorations: { partial?: { length: number; affix: string }; star?: string; options?: string[]; netPrefix?: string } = {}, syntaxDoc?: (key: string) => Doc | undefined): string {
  const form = l.style === 'query' ? `\${lookup ${l.name}{query}}` : l.noFile ? `\${lookup{key}${l.name}{map}}` : `\${lookup{key}${l.name}{file}}`;
  const head = `**lookup type** ${codeSpan(l.name)} · ${l.style === 'query' ? 'query-style' : 'single-key'} · ${codeSpan(form)}`;
  const extra: string[] = [];
  if (decorations.netPrefix) extra.push(`${codeSpan(decorations.netPrefix)}: the host's IP address is masked to ${/\d+/.exec(decorations.netPrefix)?.[0] ?? 'its full'} bits${/\d/.test(decorations.netPrefix) ? '' : ' (the whole address)'} and looked up as a network.`);
  if (decorations.partial) {
    extra.push(`${codeSpan('partial')}: also tries wildcard keys for the parent domains (at least ${decorations.partial.length} parts, affix ${codeSpan(decorations.partial.affix)}).`);
    const d = syntaxDoc?.('syntax/partial');
    if (d?.details) extra.push(d.details);
  }
  if (decorations.star === '*') extra.push(`${codeSpan('*')}: falls back to the key ${codeSpan('*')} when nothing else matches.`);
  if (decorations.star === '*@') extra.push(`${codeSpan('*@')}: falls back to ${codeSpan('*@domain')}, then to ${codeSpan('*')}.`);
  if (decorations.options?.length) extra.push(`Options: ${decorations.options.map(codeSpan).join(', ')}.`);
  const build = buildNote(l.buildFlags);
  if (build) extra.push(build);
  return joinSections([head, ...docMarkdown(withLink(l.doc, l.link), extra)]);
}

function withLink(doc: Doc | undefined, link: string | undefined): Doc | undefined {
  if (doc) return link && !doc.link ? { ...doc, link } : doc;
  return link ? { summary: '', link } : undefined;
}
