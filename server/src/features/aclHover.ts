// Hover in the ACL section: ACL names, verbs, conditions and modifiers (negatable? where allowed,
// and whether allowed where this ACL runs), the variable of `set`, and the values of `control =`,
// `verify =` (type, options, callout options), `ratelimit =`, `delay =` and `acl =`.

import { controlOf } from '../analysis/aclValues';
import { aclTypesOf } from '../analysis/aclUse';
import { buildGaps, buildNote } from '../analysis/build';
import {
  aclCondition,
  aclVerb,
  aclVerifyType,
  calloutOption,
  expansionVariable,
  ratelimitOption,
  type AclType,
} from '../facts';
import { readTime } from '../retry/time';
import type { AclConditionNode, Token } from '../syntax/tree';
import {
  aclConditionMarkdown,
  aclControlMarkdown,
  aclVerbMarkdown,
  aclVerifyMarkdown,
  calloutOptionMarkdown,
  ratelimitOptionMarkdown,
  variableMarkdown,
} from './describe';
import type { HoverContext, HoverResult } from './hover';
import { within } from './locate';
import { joinSections } from './markdown';
import { aclReferenceMarkdown, findInstance, timeMarkdown } from './optionHover';

export function aclHover(ctx: HoverContext): HoverResult | undefined {
  const { line, offset } = ctx;
  const doc = ctx.analysis.document;
  const node = line.node;
  const range = (start: number, end: number) => line.map.range(start, end);
  if (node.kind === 'aclHeader') {
    if (!within(offset, node.name) || !line.instance) return undefined;
    return { contents: aclReferenceMarkdown(doc, line.instance, line), range: range(node.name.start, node.name.end) };
  }
  if (node.kind !== 'aclStatement') return undefined;
  if (node.verb && within(offset, node.verb)) {
    const v = aclVerb(node.verb.text);
    return v ? { contents: aclVerbMarkdown(v), range: range(node.verb.start, node.verb.end) } : undefined;
  }
  const c = node.condition;
  if (!c) return undefined;
  const runsAs = aclTypesOf(doc, line.instance);
  const info = aclCondition(c.name.text);
  if (!info) return undefined;
  const nameStart = c.negation ? c.negation.start : c.name.start;
  if (offset >= nameStart && offset <= c.name.end) {
    const note = buildNote(buildGaps(doc.macros.builtinEntries), `acl/${info.name}`);
    return { contents: joinSections([aclConditionMarkdown(info, runsAs, !!c.negation), note]), range: range(nameStart, c.name.end) };
  }
  if (c.variable && within(offset, c.variable)) {
    const v = expansionVariable(c.variable.text);
    return v ? { contents: variableMarkdown(v, c.variable.text), range: range(c.variable.start, c.variable.end) } : undefined;
  }
  if (!c.value || offset < c.value.start) return undefined;
  return aclValueHover(ctx, c, c.value, runsAs);
}

function aclValueHover(ctx: HoverContext, c: AclConditionNode, value: Token, runsAs: AclType[]): HoverResult | undefined {
  const { line, offset } = ctx;
  const range = (start: number, end: number) => line.map.range(start, end);
  const text = value.text;
  const rel = offset - value.start;
  switch (c.name.text) {
    case 'control': {
      if (text.includes('$')) return undefined;
      const { control, nameEnd } = controlOf(text);
      if (!control || rel > nameEnd) return undefined;
      return { contents: aclControlMarkdown(control, runsAs), range: range(value.start, value.start + nameEnd) };
    }
    case 'verify': {
      const slash = text.indexOf('/');
      const wordEnd = slash < 0 ? text.length : slash;
      const info = aclVerifyType(text.slice(0, wordEnd));
      if (!info) return undefined;
      if (rel <= wordEnd) return { contents: aclVerifyMarkdown(info, runsAs), range: range(value.start, value.start + wordEnd) };
      // an option, or a callout option inside callout=...
      const optStart = text.lastIndexOf('/', rel - 1) + 1;
      const optEnd = text.indexOf('/', rel) < 0 ? text.length : text.indexOf('/', rel);
      const opt = text.slice(optStart, optEnd);
      if (/^\s*callout\s*=/i.test(opt)) {
        const eq = opt.indexOf('=');
        if (rel > optStart + eq) {
          const from = text.lastIndexOf(',', rel - 1) >= optStart + eq ? text.lastIndexOf(',', rel - 1) + 1 : optStart + eq + 1;
          const to = text.indexOf(',', rel) >= 0 && text.indexOf(',', rel) < optEnd ? text.indexOf(',', rel) : optEnd;
          const word = text.slice(from, to).trim();
          const co = calloutOption(word);
          const start = value.start + from + (text.slice(from, to).length - text.slice(from, to).trimStart().length);
          if (co) return { contents: calloutOptionMarkdown(co), range: range(start, start + word.length) };
          const t = readTime(word);
          if (t >= 0) return { contents: `${timeMarkdown(word, t)}\n\nThe callout timeout: how long to wait for each response of the remote server.`, range: range(start, start + word.length) };
          return undefined;
        }
      }
      return { contents: aclVerifyMarkdown(info, runsAs), range: range(value.start + optStart, value.start + optEnd) };
    }
    case 'ratelimit': {
      // ratelimit = 100 / 1h / per_rcpt / strict
      const from = text.lastIndexOf('/', rel - 1) + 1;
      const to = text.indexOf('/', rel) < 0 ? text.length : text.indexOf('/', rel);
      const raw = text.slice(from, to);
      const word = raw.trim();
      const start = value.start + from + (raw.length - raw.trimStart().length);
      const r = ratelimitOption(word);
      if (r) return { contents: ratelimitOptionMarkdown(r), range: range(start, start + word.length) };
      const t = readTime(word);
      if (t >= 0) return { contents: `${timeMarkdown(word, t)}\n\nThe period over which the rate is measured.`, range: range(start, start + word.length) };
      return undefined;
    }
    case 'delay': {
      const word = text.trim();
      const t = readTime(word);
      return t >= 0 ? { contents: `${timeMarkdown(word, t)}\n\nHow long Exim waits before it goes on with the ACL.`, range: range(value.start, value.end) } : undefined;
    }
    case 'acl': {
      const name = text.split(/\s/)[0];
      const acl = findInstance(ctx.analysis.document, 'acls', name);
      if (!acl || rel > name.length) return undefined;
      return { contents: aclReferenceMarkdown(ctx.analysis.document, acl, line), range: range(value.start, value.start + name.length) };
    }
    default:
      return undefined;
  }
}
