// Statements of an ACL that never run.  A statement whose verb ends the ACL when its conditions
// are all true (accept, deny, defer, discard, drop), but that has no condition at all, only
// modifiers (message, log_message, set, delay, control ...), always ends the ACL there: every
// statement after it is skipped.  Seen in a public configuration: "deny message = relay not
// permitted" in the middle of acl_check_rcpt, ahead of the checks meant to come first (exim -bh
// answers "550 relay not permitted" to every recipient the statements before it do not accept).
// A statement with a condition in a skipped .ifdef branch is not judged: with another set of
// macros it has that condition.

import { aclCondition, aclVerbEndsAcl } from '../facts';
import type { AclStatement, ConfigLine, Instance } from '../syntax/document';
import type { CheckContext } from './context';
import { lineLabel } from './labels';

export function checkAclFlow(ctx: CheckContext): void {
  for (const section of ctx.doc.sections) {
    if (section.name !== 'acls') continue;
    for (const acl of section.instances) checkAcl(ctx, acl);
  }
}

function checkAcl(ctx: CheckContext, acl: Instance): void {
  const statements = acl.statements;
  for (let i = 0; i < statements.length - 1; i++) {
    const s = statements[i];
    if (!s.verb || !aclVerbEndsAcl(s.verb.text) || !alwaysTrue(s, ctx, statements[i + 1])) continue;
    const next = statements[i + 1];
    const at = next.lines[0];
    const node = at.node;
    const span = node.kind === 'aclStatement' && node.verb ? node.verb : { start: 0, end: at.text.length };
    const where = acl.anonymous ? 'this ACL' : `"${acl.name}"`;
    const skipped = statements.length - i - 1;
    const header = commentedHeader(ctx, s.lines[s.lines.length - 1], at);
    const rest = statements.slice(i + 1);
    // What is skipped only repeats the ending (a second bare "accept" at the end): harmless.
    const repeats = !header && rest.every((x) => x.verb?.text === s.verb!.text && x.lines.length === 1 && bare(x));
    const why = header
      ? ` Line ${header.line + 1} is an ACL name in a comment ("${header.text}"): the statements below it are read as part of ${where}`
      : repeats
        ? ` It would do the same as that "${s.verb.text}": it can go`
        : ' Give that statement the condition it was meant to have, or move it to the end';
    ctx.report(at, {
      start: span.start,
      end: span.end,
      code: 'acl-unreachable',
      severity: repeats ? 'hint' : undefined,
      tags: repeats ? ['unnecessary'] : undefined,
      message: `this statement never runs: the "${s.verb.text}" on ${lineLabel(s.lines[0], at, ctx.doc)} has no condition (only modifiers), so ${where} always ends there, and the ${skipped === 1 ? 'statement' : `${skipped} statements`} after it ${skipped === 1 ? 'is' : 'are'} skipped.${why}`,
    });
    const diag = ctx.diagnostics[ctx.diagnostics.length - 1];
    const verbLine = s.lines[0];
    const file = verbLine.map.fileOf(0);
    diag.related = [{ file, range: verbLine.map.range(s.verb.start, s.verb.end), message: `the "${s.verb.text}" with no condition` }];
    return;
  }
}

/** A comment line that reads as an ACL's name (`#  acl_check_dkim:`) between two lines of one file. */
function commentedHeader(ctx: CheckContext, after: ConfigLine, before: ConfigLine): { line: number; text: string } | undefined {
  const file = after.map.fileOf(0);
  if (before.map.fileOf(0) !== file) return undefined;
  const raw = ctx.doc.read.lines[file] ?? [];
  for (let n = after.map.lastLine + 1; n < before.map.firstLine; n++) {
    if (/^\s*#\s*[A-Za-z0-9_][\w.-]*\s*:\s*$/.test(raw[n] ?? '')) return { line: n, text: raw[n].trim() };
  }
  return undefined;
}

/** A statement that is its verb alone. */
function bare(s: AclStatement): boolean {
  const node = s.lines[0].node;
  return node.kind === 'aclStatement' && !node.condition;
}

/** Whether the statement has no condition, not even one in a skipped branch among its lines. */
function alwaysTrue(s: AclStatement, ctx: CheckContext, next: AclStatement): boolean {
  for (const line of s.lines) {
    const node = line.node;
    if (node.kind !== 'aclStatement') return false;
    if (node.condition && aclCondition(node.condition.name.text)?.kind !== 'modifier') return false;
  }
  return !ctx.skippedBetween(s.lines[0], next.lines[0]);
}

