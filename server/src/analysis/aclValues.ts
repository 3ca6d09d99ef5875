// Checks Exim makes when an ACL statement runs (acl_check_condition, decode_control, acl_verify):
// a condition or modifier used in an ACL type that forbids it, `control =` values that are unknown,
// carry options they do not take, or are not allowed where the ACL runs, `verify =` types and
// options, and `ratelimit =` values (ratelimit.ts). Exim finds these only at run time - the
// statement then fails with a temporary error - so they are warnings. Checks against the ACL type are made only when the main options that name the
// ACL (acl_smtp_rcpt = ...) say where it runs.

import {
  aclCondition,
  aclControls,
  aclTypeDisplayName,
  aclVerifyType,
  aclVerifyTypes,
  calloutOption,
  CONTROL_SUFFIXES,
  CONTROL_SUFFIX_DEFAULT,
  refusedByRelease,
  calloutOptions,
  type AclControlInfo,
  type AclType,
  type AclVerifyTypeInfo,
} from '../facts';
import { readTime } from '../retry/time';
import type { ConfigDocument, Instance } from '../syntax/document';
import { releaseOf } from '../syntax/macros';
import type { AclConditionNode, Token } from '../syntax/tree';
import { aclNamings, aclTypesOf, describeAclUse } from './aclUse';
import type { CheckContext } from './context';
import { LineMemo } from './lineMemo';
import type { LineDiagnostic } from './diagnostic';
import { closest } from './distance';
import { checkRatelimit } from './ratelimit';
import { ARGUMENT_CHECKS } from './aclArguments';

/**
 * In a skipped .ifdef branch a name in capitals is most likely a macro that is defined whenever
 * the branch is used (`.ifdef CONTROL` ... `control = CONTROL`): such lines are left alone.
 */
export const MACRO_LIKE = /(?:^|[^A-Za-z0-9_])[A-Z][A-Z0-9_]{2,}(?![A-Za-z0-9_])/;

/** Findings per line, by the ACL's use and the line's text. */
const cache = new LineMemo<LineDiagnostic[]>();

export function checkAclValues(ctx: CheckContext): void {
  // Every ACL line, those of skipped .ifdef branches too (reported as such by the context).
  const uses = new Map<Instance, { types: AclType[]; key: string }>();
  const release = releaseOf(ctx.doc.macros.builtinEntries);
  for (const line of ctx.doc.lines) {
    const acl = line.instance;
    if (acl?.kind !== 'acl' || line.node.kind !== 'aclStatement' || !line.node.condition) continue;
    let use = uses.get(acl);
    if (!use) {
      const namings = aclNamings(ctx.doc).get(acl.name) ?? [];
      use = { types: aclTypesOf(ctx.doc, acl), key: namings.length ? `${acl.name}|${namings.map((n) => `${n.option}:${n.type}`).join(',')}` : '' };
      uses.set(acl, use);
    }
    const name = line.node.condition.name.text;
    // Without a known use only the values (control, verify, ratelimit, delay ...) have anything to check.
    if (use.types.length === 0 && name !== 'control' && name !== 'verify' && name !== 'ratelimit' && !ARGUMENT_CHECKS[name]) continue;
    if (line.inactive && MACRO_LIKE.test(line.text)) continue;
    const condition = line.node.condition;
    const found = cache.get(line, release === undefined ? use.key : `${use.key}|${release}`, () => {
      const out: LineDiagnostic[] = [];
      checkStatementLine(out, ctx.doc, acl, use!.types, condition, release);
      return out;
    });
    for (const d of found) ctx.report(line, d);
  }
}

function checkStatementLine(out: LineDiagnostic[], doc: ConfigDocument, acl: Instance, types: AclType[], c: AclConditionNode, release: string | undefined): void {
  const info = aclCondition(c.name.text);
  if (!info) return;
  const refused = refusedByRelease(info.name, release);
  for (const type of types) {
    const verb = info.kind === 'modifier' ? 'use' : 'test';
    if (refused.includes(type)) {
      const places = info.allowedIn.filter((t) => !refused.includes(t));
      out.push({
        start: c.name.start,
        end: c.name.end,
        code: 'acl-condition-not-allowed',
        message: `"${info.name}" cannot be used in ${describeAclUse(doc, acl, type)} with Exim ${release}: when this statement runs there, that release gives a temporary error (newer releases accept it)${places.length <= 3 ? `; with ${release} it works in ${listTypes(places)}` : ''} (Exim: cannot ${verb} ${info.name} ${info.kind === 'modifier' ? 'modifier' : 'condition'} in ${aclTypeDisplayName(type)} ACL)`,
      });
      break;
    }
    if (info.allowedIn.includes(type)) continue;
    out.push({
      start: c.name.start,
      end: c.name.end,
      code: 'acl-condition-not-allowed',
      message: `"${info.name}" cannot be used in ${describeAclUse(doc, acl, type)}: when this statement runs there, Exim gives a temporary error (Exim: cannot ${verb} ${info.name} ${info.kind === 'modifier' ? 'modifier' : 'condition'} in ${aclTypeDisplayName(type)} ACL)`,
    });
    break;
  }
  const value = c.value;
  if (!value || c.equals === undefined) return;
  if (info.name === 'control') checkControl(out, doc, acl, types, value);
  else if (info.name === 'verify') checkVerify(out, doc, acl, types, value);
  else if (info.name === 'ratelimit') checkRatelimit(out, value);
  else ARGUMENT_CHECKS[info.name]?.(out, value);
}

/** The control a `control =` value selects, as decode_control() finds it: its name, then end or `/`. */
export function controlOf(value: string): { control?: AclControlInfo; nameEnd: number } {
  let best: AclControlInfo | undefined;
  for (const c of aclControls()) {
    if (value.startsWith(c.name) && (!best || c.name.length > best.name.length)) best = c;
  }
  return { control: best, nameEnd: best ? best.name.length : value.search(/[/\s]|$/) };
}

function checkControl(out: LineDiagnostic[], doc: ConfigDocument, acl: Instance, types: AclType[], value: Token): void {
  const text = value.text;
  if (text.includes('$')) return;
  if (text.trim() === '') {
    out.push({ start: value.start, end: value.end, code: 'acl-control-unknown', message: `"control =" needs the name of a control, such as ${['freeze', 'submission', 'no_pipelining'].join(', ')} (Exim: syntax error in "control=")` });
    return;
  }
  const { control, nameEnd } = controlOf(text);
  const next = text[nameEnd];
  // What may follow the name of a control that takes options is up to that control's own reader
  // (queue_only is still read as queue), so only the controls without options are held to
  // "name, then nothing".
  if (!control || (next !== undefined && !control.hasOptions)) {
    if (control && next === '/') {
      out.push({
        start: value.start + nameEnd,
        end: value.end,
        code: 'acl-control-unknown',
        message: `"control = ${control.name}" takes no options after "/" (Exim: syntax error in "control=${text}")`,
        fixes: [{ title: `Remove "${text.slice(nameEnd)}"`, edits: [{ start: value.start + nameEnd, end: value.end, newText: '' }] }],
      });
      return;
    }
    const word = text.slice(0, text.search(/\/|$/));
    const close = closest(word, aclControls().map((x) => x.name));
    out.push({
      start: value.start,
      end: value.start + word.length,
      code: 'acl-control-unknown',
      message: `"${word}" is not a control${close.length ? `; did you mean "${close[0]}"?` : ''} (Exim: syntax error in "control=${text}")`,
      fixes: close.map((x, i) => ({ title: `Change to "${x}"`, edits: [{ start: value.start, end: value.start + word.length, newText: x }], preferred: i === 0 || undefined })),
    });
    return;
  }
  const suffix = CONTROL_SUFFIXES[control.name] ?? CONTROL_SUFFIX_DEFAULT;
  if (control.hasOptions && !suffix.pattern.test(text.slice(nameEnd).trimEnd())) {
    const exim = 'badOption' in suffix && suffix.badOption && text[nameEnd] === '/' ? suffix.badOption : `syntax error in "control=${text}"`;
    out.push({
      start: nameEnd < text.length ? value.start + nameEnd : value.start,
      end: value.end,
      code: 'acl-control-unknown',
      message: `"control = ${control.name}" takes ${suffix.say} after its name (Exim: ${exim})`,
    });
    return;
  }
  for (const type of types) {
    if (control.allowedIn.includes(type)) continue;
    out.push({
      start: value.start,
      end: value.start + nameEnd,
      code: 'acl-control-not-allowed',
      message: `"control = ${control.name}" cannot be used in ${describeAclUse(doc, acl, type)}; it works in ${listTypes(control.allowedIn)} (Exim: cannot use "control=${control.name}" in ${aclTypeDisplayName(type)} ACL)`,
    });
    return;
  }
}

function listTypes(types: AclType[]): string {
  const names = types.map((t) => aclTypeDisplayName(t));
  if (names.length <= 1) return `the ${names[0] ?? 'no'} ACL`;
  return `the ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} ACLs`;
}

function checkVerify(out: LineDiagnostic[], doc: ConfigDocument, acl: Instance, types: AclType[], value: Token): void {
  const text = value.text;
  const slash = text.indexOf('/');
  const word = slash < 0 ? text : text.slice(0, slash);
  if (word.includes('$')) return;
  if (text.trim() === '') {
    out.push({ start: value.start, end: value.end, code: 'acl-verify-unknown', message: `"verify =" needs what to verify: ${aclVerifyTypes().map((v) => v.name).join(', ')} (Exim: expected "sender[=address]", "recipient", "helo" ... at start of ACL condition "verify ")` });
    return;
  }
  const info = aclVerifyType(word);
  if (!info) {
    const close = closest(word.toLowerCase(), aclVerifyTypes().map((v) => v.name));
    out.push({
      start: value.start,
      end: value.start + word.length,
      code: 'acl-verify-unknown',
      message: `"${word}" is not something verify can check${close.length ? `; did you mean "${close[0]}"?` : `: use ${aclVerifyTypes().map((v) => v.name).join(', ')}`} (Exim: expected "sender[=address]", "recipient", "helo" ... at start of ACL condition "verify ${text}")`,
      fixes: close.map((x, i) => ({ title: `Change to "${x}"`, edits: [{ start: value.start, end: value.start + word.length, newText: x }], preferred: i === 0 || undefined })),
    });
    return;
  }
  if (slash >= 0 && !info.optionsAllowed) {
    out.push({
      start: value.start + slash,
      end: value.end,
      code: 'acl-verify-option',
      message: `"verify = ${info.name}" takes no options after "/" (Exim: unexpected '/' found in "${text}" (this verify item has no options))`,
      fixes: [{ title: `Remove "${text.slice(slash)}"`, edits: [{ start: value.start + slash, end: value.end, newText: '' }] }],
    });
    return;
  }
  for (const type of types) {
    if (info.allowedIn.includes(type)) continue;
    out.push({
      start: value.start,
      end: value.start + word.length,
      code: 'acl-verify-not-allowed',
      message: `"verify = ${info.name}" cannot be used in ${describeAclUse(doc, acl, type)}; it works in ${listTypes(info.allowedIn)} (Exim: cannot verify ${info.name} in ACL for ${aclTypeDisplayName(type)})`,
    });
    break;
  }
  if (slash >= 0 && (info.options ?? []).length > 0) checkVerifyOptions(out, value, slash, info);
}

/**
 * Verify types whose options Exim only looks at in one case and otherwise skips, whatever they
 * say (reverse_host_lookup reads them only after a temporary DNS failure, for defer_ok).
 */
const OPTIONS_READ_LATE = new Set(['reverse_host_lookup']);

/** The options after `verify = TYPE/`, as acl_verify() reads them (case-insensitive). */
function checkVerifyOptions(out: LineDiagnostic[], value: Token, slash: number, info: AclVerifyTypeInfo): void {
  const text = value.text;
  let p = slash + 1;
  while (p <= text.length) {
    const next = text.indexOf('/', p);
    const end = next < 0 ? text.length : next;
    const raw = text.slice(p, end);
    const lead = raw.length - raw.trimStart().length;
    const opt = raw.trim();
    const start = value.start + p + lead;
    if (opt !== '' && !opt.includes('$')) {
      const problem = verifyOptionProblem(opt, info, text);
      if (problem) {
        out.push({
          start: start + (problem.start ?? 0),
          end: problem.end !== undefined ? start + problem.end : start + opt.length,
          code: 'acl-verify-option',
          message: OPTIONS_READ_LATE.has(info.name) ? `"${opt}" is not an option of "verify = ${info.name}" (only ${info.options.map((o) => o.name).join(', ')}): Exim ignores it` : problem.message,
          fixes: problem.suggestion
            ? [{ title: `Change to "${problem.suggestion}"`, edits: [{ start, end: start + opt.length, newText: problem.suggestion }], preferred: true }]
            : undefined,
        });
      }
    }
    if (next < 0) break;
    p = next + 1;
  }
}

function verifyOptionProblem(opt: string, info: AclVerifyTypeInfo, whole: string): { message: string; start?: number; end?: number; suggestion?: string } | undefined {
  const lower = opt.toLowerCase();
  for (const o of info.options) {
    if (lower === o.name) return undefined;
    if (o.prefixMatch && lower.startsWith(o.name)) {
      const rest = opt.slice(o.name.length).trimStart();
      if (rest === '') return undefined;
      if (!rest.startsWith('=')) {
        return { message: `"=" expected after "${o.name}" (Exim: '=' expected after "${o.name}" in ACL condition "${whole}")` };
      }
      if (o.name === 'callout') return calloutProblem(opt, opt.length - rest.length + 1, whole, info.name);
      return undefined;
    }
  }
  const close = closest(lower, info.options.map((o) => o.name));
  return {
    message: `"${opt}" is not an option of "verify = ${info.name}"${close.length ? `; did you mean "${close[0]}"?` : `: use ${info.options.map((o) => o.name).join(', ')}`} (Exim: unknown option "${opt}" in ACL condition "verify ${whole}")`,
    suggestion: close[0],
  };
}

/** `callout=` options: a comma list of option words (some with `=value`) and at most a bare time. */
function calloutProblem(opt: string, from: number, whole: string, verify: string): { message: string; start: number; end: number } | undefined {
  let p = from;
  while (p <= opt.length) {
    const comma = opt.indexOf(',', p);
    const end = comma < 0 ? opt.length : comma;
    const raw = opt.slice(p, end);
    const word = raw.trim();
    const start = p + (raw.length - raw.trimStart().length);
    if (word !== '') {
      const c = calloutOption(word);
      if (c) {
        const rest = word.slice(c.name.length).trimStart();
        if (c.name === 'mailfrom' && verify !== 'header_sender') {
          return { message: `"mailfrom" sets the sender of a callout for verify = header_sender only; for ${verify} the callout's sender is set with "use_sender" or "use_postmaster" (Exim: "mailfrom" is allowed as a callout option only for verify=header_sender (detected in ACL condition "${whole}"))`, start, end: start + word.length };
        }
        if (c.takesValue && !rest.startsWith('=')) {
          return { message: `"=" and a value expected after the callout option "${c.name}" (Exim: '=' expected after "${c.name}" in ACL verify condition "${whole}")`, start, end: start + word.length };
        }
        if (c.valueIsTime) {
          const t = rest.slice(1).trim();
          if (readTime(t) < 0) return { message: `"${t}" is not a time for callout option ${c.name}: write it like 30s or 2m (Exim: bad time value in ACL condition "verify ${whole}")`, start, end: start + word.length };
        }
      } else if (readTime(word) < 0) {
        const close = closest(word.toLowerCase(), calloutOptions().map((o) => o.name));
        return {
          message: `"${word}" is neither a callout option nor a time${close.length ? `; did you mean "${close[0]}"?` : ''} (Exim: bad time value in ACL condition "verify ${whole}")`,
          start,
          end: start + word.length,
        };
      }
    }
    if (comma < 0) break;
    p = comma + 1;
  }
  return undefined;
}
