// Tainted data in file names. Since Exim 4.94 a value that comes from the message (the local part,
// the domain, the sender, header lines) is tainted, and Exim refuses to open a file whose name
// holds tainted text: an appendfile transport's file or directory (the delivery defers: "Tainted
// '/var/mail/u' (file or directory name for t transport) not permitted") and the file of a
// single-key lookup (the expansion fails: "Tainted filename for search"). Both were seen in real
// deliveries with Exim 4.96, and so was the exception: a name under the create_file directory. A value that went through a lookup, or $local_part_data and
// $domain_data that a router's local_parts/domains condition sets, is not tainted.

import type { ConfigLine } from '../syntax/document';
import type { ExpansionNode, ItemNode, VariableNode } from '../syntax/tree';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { expandedValue, lineOffset, type ExpandedValue } from './expansions';
import { walkExpansion } from './expansionWalk';
import { LineMemo, lineContext } from './lineMemo';

/** Variables whose value comes from the message, and what to use instead where there is a choice. */
const TAINTED: Readonly<Record<string, string | undefined>> = {
  local_part: '$local_part_data (set when "local_parts =" matches by a lookup, or check_local_user)',
  domain: '$domain_data (set when "domains =" matches by a lookup)',
  local_part_prefix: undefined,
  local_part_suffix: undefined,
  original_local_part: undefined,
  original_domain: undefined,
  parent_local_part: undefined,
  parent_domain: undefined,
  sender_address: undefined,
  sender_address_local_part: undefined,
  sender_address_domain: undefined,
  sender_helo_name: undefined,
  message_body: undefined,
  message_body_end: undefined,
};
const HEADER = /^(r?h|r?header|bh|bheader|lh|lheader)_/;

/** Items whose result carries the taint of their arguments (others are left alone). */
const PASS_THROUGH = new Set(['if', 'sg', 'substr', 'length', 'extract', 'tr', 'hash', 'nhash', 'listextract', 'filter', 'map', 'reduce', 'sort']);

/** Single-key lookup types, whose argument is a file name. */
const FILE_LOOKUPS = new Set(['lsearch', 'wildlsearch', 'nwildlsearch', 'iplsearch', 'dbm', 'dbmnz', 'dbmjz', 'cdb', 'dsearch', 'json']);

/** The appendfile options that name the file or directory delivered to. */
const FILE_OPTIONS = new Set(['file', 'directory']);

const cache = new LineMemo<LineDiagnostic[]>();

export function checkTaint(ctx: CheckContext): void {
  for (const line of ctx.doc.lines) {
    if (!line.text.includes('$')) continue;
    const v = expandedValue(line);
    if (!v?.nodes) continue;
    // Whether a name is under create_file depends on another line of the instance.
    // (The message names the transport, so its name is part of the key.)
    const key = `${lineContext(line)}|${line.instance?.name ?? ''}|${line.instance?.driver?.name === 'appendfile' ? (createFile(line) ?? '') : ''}`;
    for (const d of cache.get(line, key, () => lineFindings(line, v))) ctx.report(line, d);
  }
}

function isTainted(name: string): boolean {
  return name in TAINTED || HEADER.test(name);
}

/** The tainted variables whose text ends up in the result of `nodes`. */
function taintedOutput(nodes: readonly ExpansionNode[], out: VariableNode[] = []): VariableNode[] {
  for (const n of nodes) {
    if (n.kind === 'variable' && isTainted(n.name.text)) out.push(n);
    else if (n.kind === 'operator') taintedOutput(n.argument.parts, out);
    else if (n.kind === 'item' && PASS_THROUGH.has(n.name.text)) {
      // ${if}: the condition is not in the result; ${filter}/${map}: the list is.
      const args = n.name.text === 'if' ? n.args : n.args.slice(0, 1);
      for (const a of args) if (a.kind === 'argument') taintedOutput(a.parts, out);
    }
  }
  return out;
}

function lineFindings(line: ConfigLine, v: ExpandedValue): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  const node = line.node;
  if (node.kind === 'option' && line.section === 'transports' && line.instance?.driver?.name === 'appendfile' && FILE_OPTIONS.has(node.name.text) && !underCreateFile(line, v.text)) {
    for (const t of taintedOutput(v.nodes!)) {
      const instead = TAINTED[t.name.text];
      out.push({
        ...at(v, t),
        code: 'tainted-file-name',
        message: `"$${t.name.text}" comes from the message, so Exim treats it as tainted and will not deliver to a ${node.name.text} named with it: the delivery defers (Exim: Tainted '...' (file or directory name for ${line.instance!.name} transport) not permitted). Use ${instead ?? 'a value that went through a lookup'}${instead ? ', or a value that went through a lookup' : ''}, such as \${lookup{$local_part}lsearch{/etc/mail/users}{$value}}; or set create_file to the directory the name starts with, which lets Exim accept it`,
      });
    }
  }
  walkExpansion(v.nodes!, (n) => {
    if (n.kind !== 'item' || n.name.text !== 'lookup' || !n.lookupType) return;
    if (!FILE_LOOKUPS.has(baseType(n))) return;
    const file = n.args[0];
    if (file?.kind !== 'argument') return;
    for (const t of taintedOutput(file.parts)) {
      const instead = TAINTED[t.name.text];
      out.push({
        ...at(v, t),
        code: 'tainted-file-name',
        message: `"$${t.name.text}" comes from the message, so Exim treats it as tainted and will not search a file named with it: the expansion fails (Exim: Tainted filename for search). ${instead ? `Use ${instead}, or ` : 'Use '}a fixed file name and the value as the key`,
      });
    }
  });
  return out;
}

/**
 * With `create_file = /dir`, Exim accepts a tainted name under that directory (a delivery with
 * create_file = /tmp/mb and file = /tmp/mb/x$local_part went through).
 */
function underCreateFile(line: ConfigLine, text: string): boolean {
  const dir = createFile(line);
  if (!dir?.startsWith('/')) return false;
  const fixed = text.slice(0, text.indexOf('$') < 0 ? text.length : text.indexOf('$'));
  return fixed.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function createFile(line: ConfigLine): string | undefined {
  const setting = line.instance?.lines.find((l) => l.node.kind === 'option' && l.node.name.text === 'create_file');
  return setting?.node.kind === 'option' ? setting.node.value?.text.trim().replace(/^"|"$/g, '') : undefined;
}

/** `partial2-lsearch*@,ret=key` -> `lsearch`. */
function baseType(n: ItemNode): string {
  return n.lookupType!.text.replace(/^partial\d*-/, '').replace(/,.*$/, '').replace(/\*@?$/, '');
}

function at(v: ExpandedValue, t: VariableNode): { start: number; end: number } {
  return { start: lineOffset(v, t.start), end: lineOffset(v, t.end - 1) + 1 };
}
