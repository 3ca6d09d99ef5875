// Checks Exim makes once a part of the file is read, across lines: named lists (their values,
// names and number), authenticators that share a public name, options that exclude each other,
// and the few values Exim bounds when it reads them.  (Rules on one driver's options: driverRules.ts.)

import type { ConfigLine, Instance } from '../syntax/document';
import type { NamedListNode, OptionNode } from '../syntax/tree';
import type { CheckContext } from './context';
import { lineLabel } from './labels';
import { checkQuotedString } from './values';
import { namedListKind } from '../facts';
import { LIST_WORD } from '../facts/names';

/** Exim's MAX_NAMED_LIST: the number of named lists of one kind it can hold. */
export const MAX_NAMED_LISTS = 16;

export function checkConsistency(ctx: CheckContext): void {
  checkNamedLists(ctx);
  checkAuthenticators(ctx);
  checkMainBounds(ctx);
}

function checkNamedLists(ctx: CheckContext): void {
  const byKind = new Map<string, Map<string, ConfigLine>>();
  for (const line of ctx.doc.sections[0]?.lines ?? []) {
    const node = line.node;
    if (node.kind !== 'namedList' || !node.name || !node.value) continue;
    const kind = node.keyword.text;
    const names = byKind.get(kind) ?? new Map<string, ConfigLine>();
    byKind.set(kind, names);
    const v = checkQuotedString(node.value.text);
    if (v) ctx.report(line, { start: node.value.start + v.start, end: node.value.start + Math.max(v.end, v.start + 1), code: 'option-value', message: v.message });
    const earlier = names.get(node.name.text);
    if (earlier) {
      ctx.report(line, {
        start: node.name.start,
        end: node.name.end,
        code: 'named-list-duplicate',
        message: `there is already a ${listWord(node)} called "${node.name.text}" (${lineLabel(earlier, line, ctx.doc)}) (Exim: duplicate name for a named ${listWord(node)})`,
      });
      continue;
    }
    names.set(node.name.text, line);
    if (names.size === MAX_NAMED_LISTS + 1) {
      ctx.report(line, {
        start: node.keyword.start,
        end: node.name.end,
        code: 'named-list-too-many',
        message: `this is named ${listWord(node)} number ${names.size}: Exim allows at most ${MAX_NAMED_LISTS} of each kind (Exim: too many named ${listWord(node)}s)`,
      });
    }
  }
}

function listWord(node: NamedListNode): string {
  const kind = namedListKind(node.keyword.text);
  return kind ? LIST_WORD[kind] : 'list';
}

function optionLines(instance: Instance): Map<string, ConfigLine> {
  const m = new Map<string, ConfigLine>();
  for (const line of instance.lines) if (line.node.kind === 'option') m.set(line.node.name.text, line);
  return m;
}

function checkAuthenticators(ctx: CheckContext): void {
  const auths = ctx.doc.sections.filter((s) => s.name === 'authenticators').flatMap((s) => s.instances);
  const info = auths.map((a) => {
    const opts = optionLines(a);
    const publicLine = opts.get('public_name');
    const publicName = publicLine && (publicLine.node as OptionNode).value ? (publicLine.node as OptionNode).value!.text : a.name;
    const names = [...opts.keys()];
    return {
      a,
      publicName,
      server: names.some((n) => n === 'server_condition' || (n.startsWith('server_') && !GENERIC_SERVER.has(n))),
      client: names.some((n) => n.startsWith('client_') && !GENERIC_CLIENT.has(n)),
    };
  });
  for (let i = 0; i < info.length; i++) {
    for (let j = i + 1; j < info.length; j++) {
      const x = info[i];
      const y = info[j];
      if (x.publicName.toLowerCase() !== y.publicName.toLowerCase()) continue;
      const side = x.server && y.server ? 'server' : x.client && y.client ? 'client' : undefined;
      if (!side) continue;
      ctx.report(y.a.header, {
        start: 0,
        end: y.a.header.text.length,
        code: 'auth-public-name-clash',
        message: `the ${side} authenticators "${x.a.name}" and "${y.a.name}" have the same public name "${y.publicName}": a client could not tell them apart (Exim: two ${side} authenticators (${x.a.name} and ${y.a.name}) have the same public name (${y.publicName}))`,
      });
    }
  }
}

const GENERIC_SERVER = new Set(['server_advertise_condition', 'server_debug_print', 'server_mail_auth_condition', 'server_set_id']);
const GENERIC_CLIENT = new Set(['client_condition', 'client_set_id']);

function checkMainBounds(ctx: CheckContext): void {
  const line = ctx.mainOption('localhost_number');
  if (!line || line.node.kind !== 'option' || !line.node.value) return;
  const value = line.node.value;
  if (/^\d+$/.test(value.text) && Number(value.text) > 16) {
    ctx.report(line, {
      start: value.start,
      end: value.end,
      code: 'option-value',
      message: `localhost_number may be at most 16 (Exim: localhost_number is greater than the maximum allowed value (16))`,
    });
  }
}
