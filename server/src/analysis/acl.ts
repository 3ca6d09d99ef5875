// Checks of ACL statements as Exim's acl_read() reads them: verbs, conditions and modifiers,
// negation, `endpass`, the `=` before a value, and the variable names of `set`.

import { aclCondition, aclConditions } from '../facts';
import type { AclStatementNode } from '../syntax/tree';
import type { ConfigLine } from '../syntax/document';
import { lackedBecause } from './build';
import type { CheckContext } from './context';
import { closest } from './distance';

const VERBS = ['accept', 'defer', 'deny', 'discard', 'drop', 'require', 'warn'];

export function checkAcls(ctx: CheckContext): void {
  for (const section of ctx.doc.sections) {
    if (section.name !== 'acls') continue;
    for (const acl of section.instances) {
      for (const statement of acl.statements) {
        statement.lines.forEach((line, i) => checkAclLine(ctx, line, line.node as AclStatementNode, statement.verb?.text, i === 0 && !statement.verb));
      }
    }
  }
  // ACL lines in false .ifdef branches: the names, not the order of verbs and conditions.
  for (const line of ctx.inactiveLines()) {
    if (line.node.kind === 'aclStatement' && line.instance) checkAclLine(ctx, line, line.node, line.node.verb?.text ?? 'accept', false);
  }
}

function checkAclLine(ctx: CheckContext, line: ConfigLine, node: AclStatementNode, verb: string | undefined, noVerbYet: boolean): void {
  if (node.verbNegation) {
    ctx.report(line, {
      start: node.verbNegation.start,
      end: node.verb!.end,
      code: 'acl-negated-verb',
      message: `a verb cannot be negated: "!" goes before a condition, as in "deny !verify = sender" (Exim: malformed ACL line)`,
      fixes: [{ title: 'Remove the "!"', edits: [{ start: node.verbNegation.start, end: node.verbNegation.end, newText: '' }], preferred: true }],
    });
    return;
  }
  const c = node.condition;
  if (!c) return;
  const name = c.name.text;
  if (noVerbYet) {
    const close = closest(name, VERBS);
    const isCondition = aclCondition(name) !== undefined;
    ctx.report(line, {
      start: c.name.start,
      end: c.name.end,
      code: 'acl-unknown-verb',
      message: isCondition
        ? `"${name}" is a condition, and the first line of a statement must start with a verb (accept, deny, defer, discard, drop, require or warn) (Exim: unknown ACL verb "${name}")`
        : `"${name}" is not an ACL verb${close.length ? `; did you mean "${close[0]}"?` : ': use accept, deny, defer, discard, drop, require or warn'} (Exim: unknown ACL verb "${name}")`,
      fixes: isCondition ? undefined : close.map((v, i) => ({ title: `Change to "${v}"`, edits: [{ start: c.name.start, end: c.name.end, newText: v }], preferred: i === 0 || undefined })),
    });
    return;
  }
  const info = aclCondition(name);
  if (!info) {
    const candidates = aclConditions().map((x) => x.name);
    // A name that starts with an odd character (a non-breaking space after the verb ...): the
    // look-alike check offers the fix; renaming here would glue the name to the verb.
    const odd = !/^[A-Za-z]/.test(name);
    const stripped = name.replace(/^[^A-Za-z]+/, '');
    const close = odd && aclCondition(stripped) ? [stripped] : closest(stripped, candidates);
    // Every condition but endpass needs "= value", and only some take "!": a suggestion that
    // would leave the line wrong is in the message, not offered as a fix.
    const fitting = close.filter((v) => (v === 'endpass' ? c.equals === undefined && (verb === 'accept' || verb === 'discard') : c.equals !== undefined) && (!c.negation || aclCondition(v)?.negatable));
    ctx.report(line, {
      start: c.name.start,
      end: c.name.end,
      code: 'acl-unknown-condition',
      message: odd
        ? `"${name}" is not an ACL condition or modifier: it starts with ${JSON.stringify(name[0])} (U+${name.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})${close.length ? `; "${close[0]}" was probably meant` : ''} (Exim: unknown ACL condition/modifier)`
        : `"${name}" is not an ACL condition or modifier${close.length ? `; did you mean "${close[0]}"?` : ''} (Exim: unknown ACL condition/modifier)`,
      fixes: odd ? undefined : fitting.map((v, i) => ({ title: `Change to "${v}"`, edits: [{ start: c.name.start, end: c.name.end, newText: v }], preferred: i === 0 || undefined })),
    });
    return;
  }
  if (ctx.gaps.acl.has(info.name) && !line.inactive) {
    ctx.report(line, {
      start: c.name.start,
      end: c.name.end,
      code: 'not-in-build',
      message: `the ACL ${info.kind} "${name}" is not in this build of Exim (${lackedBecause(ctx.gaps, `acl/${name}`)}) (Exim: unknown ACL condition/modifier)`,
    });
    return;
  }
  if (c.negation && !info.negatable) {
    ctx.report(line, {
      start: c.negation.start,
      end: c.name.end,
      code: 'acl-negated-modifier',
      message: `"${name}" is a modifier and cannot be negated with "!" (Exim: ACL error: negation is not allowed with "${name}")`,
      fixes: [{ title: 'Remove the "!"', edits: [{ start: c.negation.start, end: c.negation.end, newText: '' }] }],
    });
    return;
  }
  if (name === 'endpass') {
    if (verb !== 'accept' && verb !== 'discard') {
      ctx.report(line, { start: c.name.start, end: c.name.end, code: 'acl-endpass-verb', message: `"endpass" works only with accept and discard, not with "${verb}" (Exim: ACL error: "endpass" is not allowed with "${verb}")` });
    }
    return;
  }
  if (name === 'set') {
    checkSetVariable(ctx, line, c.variable?.text, c.variable?.start ?? c.name.end, c.variable?.end ?? c.name.end);
    if (c.variable) return;
  }
  if (c.equals === undefined) {
    ctx.report(line, {
      start: c.name.start,
      end: c.trailing ? c.trailing.end : c.name.end,
      code: 'acl-missing-equals',
      message: `"${name}" needs "=" and a value (Exim: "=" missing after ACL "${name}" ${info.kind})`,
      // `domains +local_domains`: the value is there, the "=" is not.  Text that starts with a
      // list separator or an operator is more likely a different mistake.
      fixes: c.trailing && /^[A-Za-z0-9_+!$\/@*^"\\]/.test(c.trailing.text) ? [{ title: 'Insert " ="', edits: [{ start: c.name.end, end: c.name.end, newText: ' =' }], preferred: true }] : undefined,
    });
  }
}

function checkSetVariable(ctx: CheckContext, line: ConfigLine, variable: string | undefined, start: number, end: number): void {
  const report = (message: string) => ctx.report(line, { start, end: Math.max(end, start + 1), code: 'acl-set-variable', message });
  if (!variable) {
    report('"set" needs a variable: set acl_c_name = value or set acl_m_name = value');
    return;
  }
  if (variable.startsWith('dkim_verify_')) {
    if (variable !== 'dkim_verify_status' && variable !== 'dkim_verify_reason') {
      report(`"${variable}": of the dkim_verify_ variables only dkim_verify_status and dkim_verify_reason can be set`);
    }
    return;
  }
  if (!variable.startsWith('acl_c') && !variable.startsWith('acl_m')) {
    report(`"${variable}" cannot be set: variable names for "set" start with acl_c (kept for the connection) or acl_m (for the message) (Exim: invalid variable name after "set")`);
    return;
  }
  const sixth = variable[5];
  if (sixth === undefined || !/[0-9_]/.test(sixth)) {
    report(`"${variable}": after acl_c or acl_m comes a digit or an underscore, as in acl_m0 or acl_m_spam (Exim: invalid variable name after "set")`);
    return;
  }
  const bad = /[^A-Za-z0-9_]/.exec(variable);
  if (bad) report(`"${bad[0]}" cannot be part of a variable name: use letters, digits and underscores (Exim: invalid character in variable name)`);
}
