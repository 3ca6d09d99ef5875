// ACL tables: verbs, conditions and modifiers, controls, verify types, callout and ratelimit
// options, and the main options that name an ACL.

import aclJson from './data/acl.json';
import optionsJson from './data/options.json';
import { docFor } from './docs';
import type {
  AclConditionInfo,
  AclControlInfo,
  AclData,
  AclOptionInfo,
  AclType,
  AclVerbInfo,
  AclVerifyTypeInfo,
  CalloutOptionInfo,
  Doc,
  RatelimitOptionInfo,
} from './types';

export const aclData = aclJson as unknown as AclData;

function optionLink(name: string): string | undefined {
  return (optionsJson as unknown as { main: { name: string; link?: string }[] }).main.find((o) => o.name === name)?.link;
}

/**
 * Copy an entry with its doc (first of `keys` found in docs/acl.json) and a link: the entry's
 * own, else the doc's, else the given section link.
 */
function withDoc<T extends { doc?: Doc; link?: string }>(entry: T, defaultLink: string, ...keys: string[]): T {
  const out = { ...entry };
  for (const key of keys) {
    const doc = docFor('acl', key);
    if (doc) {
      out.doc = doc;
      break;
    }
  }
  out.link ??= out.doc?.link ?? defaultLink;
  return out;
}
const links = () => aclData.defaultLinks;

function lazyMap<T>(build: () => [string, T][]): () => Map<string, T> {
  let m: Map<string, T> | undefined;
  return () => (m ??= new Map(build()));
}

const verbs = lazyMap(() => aclData.verbs.map((v) => [v.name, withDoc(v, links().verbs, `verb/${v.name}`)]));
/**
 * Where Exim 4.96 (Debian 12's release) places ACL conditions otherwise than the tables, which
 * follow a newer source: found by running every condition in every ACL type that `exim -bh`
 * reaches (connect ... notquit; test/exim/aclPlaces.test.ts does it again).  `allows`: 4.96 runs
 * it there too; `refuses`: 4.96 gives a temporary error there, later releases do not.  While the
 * release is not known a place either allows is taken as allowed; with 4.96 or older, its refusals
 * are reported.
 */
export const EXIM_496_PLACES: Readonly<Record<string, { allows?: readonly AclType[]; refuses?: readonly AclType[] }>> = {
  encrypted: { allows: ['CONNECT'], refuses: ['HELO'] },
  dkim_status: { refuses: ['DATA', 'MIME', 'PRDR'] },
};

/**
 * What may follow the name of a control that takes options, as Exim 4.96 reads it when the
 * statement runs (each seen with exim -bh): `pattern` for the text after the name, `say` for
 * the message, `badOption` for Exim's words when what follows "/" is wrong (else it says "syntax
 * error").  A control with options that is not listed takes nothing, or "/" and anything.
 */
export const CONTROL_SUFFIXES: Readonly<Record<string, { pattern: RegExp; say: string; badOption?: string }>> = {
  freeze: { pattern: /^(?:\/no_tell)?$/, say: 'nothing, or "/no_tell"' },
  submission: { pattern: /^(?:(?:\/(?:sender_retain|domain=[^/]*))+(?:\/name=.*)?|\/name=.*)?$/, say: 'nothing, or "/sender_retain", "/domain=..." and, last, "/name=..."' },
  utf8_downconvert: { pattern: /^(?:\/(?:1|0|-1))?$/, say: 'nothing, "/1", "/0" or "/-1"', badOption: 'bad option value for control=utf8_downconvert' },
  dscp: { pattern: /^\/.*$/, say: '"/" and a DSCP value (af11 ... ef, or a number)' },
  // queue_only is read as queue.
  queue: { pattern: /^(?:_only.*|\/.*)?$/, say: 'nothing, or "/only" and "/first_pass_route"' },
};
export const CONTROL_SUFFIX_DEFAULT = { pattern: /^(?:\/.*)?$/, say: 'nothing, or "/" and its options' };

/** Whether the release (`4.96`, `4.97.1`; undefined: not known) is 4.96 or older. */
export function isAtMost496(release: string | undefined): boolean {
  const m = release === undefined ? null : /^(\d+)\.(\d+)/.exec(release);
  return m !== null && (Number(m[1]) < 4 || (Number(m[1]) === 4 && Number(m[2]) <= 96));
}

/** The ACL types where this release refuses a condition that the tables allow. */
export function refusedByRelease(name: string, release: string | undefined): readonly AclType[] {
  return isAtMost496(release) ? EXIM_496_PLACES[name]?.refuses ?? [] : [];
}

function withAlsoAllowed(c: AclConditionInfo, allows: readonly AclType[] | undefined): AclConditionInfo {
  if (!allows) return c;
  return { ...c, allowedIn: [...c.allowedIn, ...allows], forbiddenIn: c.forbiddenIn?.filter((t) => !allows.includes(t as AclType)) };
}

const conditions = lazyMap(() =>
  aclData.conditions.map((c) => [
    c.name,
    withDoc(
      withAlsoAllowed(c, EXIM_496_PLACES[c.name]?.allows),
      c.kind === 'modifier' ? links().modifiers : links().conditions,
      `condition/${c.name}`,
    ),
  ]),
);
const controls = lazyMap(() => aclData.controls.map((c) => [c.name, withDoc(c, links().controls, `control/${c.name}`)]));
const verifyTypes = lazyMap(() =>
  aclData.verifyTypes.map((v) => [v.name, withDoc(v, links().verifyTypes, `verify/${v.name}`)]),
);
const callouts = lazyMap(() =>
  aclData.calloutOptions.map((c) => [c.name, withDoc(c, links().calloutOptions, `callout/${c.name}`)]),
);
const ratelimits = lazyMap(() =>
  aclData.ratelimitOptions.map((r) => [
    r.name,
    withDoc(r, links().ratelimitOptions, `ratelimit/${r.name}`, ...(r.value ? [`ratelimit/${r.name}=${r.value}`] : [])),
  ]),
);
// The naming options are main options: their link is the option's own entry in the main list.
const namingOptions = lazyMap(() =>
  aclData.namingOptions.map((o) => [o.option, withDoc(o, optionLink(o.option) ?? links().conditions, `acl_option/${o.option}`)]),
);

export function aclVerb(name: string): AclVerbInfo | undefined {
  return verbs().get(name);
}
export function aclVerbs(): AclVerbInfo[] {
  return [...verbs().values()];
}

/**
 * The verbs that end the ACL when all their conditions are true (require and warn go on to the
 * next statement then).  With no condition at all, such a statement always ends it.
 */
const ENDS_ACL: ReadonlySet<string> = new Set(['accept', 'defer', 'deny', 'discard', 'drop']);

export function aclVerbEndsAcl(name: string): boolean {
  return ENDS_ACL.has(name);
}

/** A condition or modifier (names are case-sensitive, as in Exim). */
export function aclCondition(name: string): AclConditionInfo | undefined {
  return conditions().get(name);
}
export function aclConditions(): AclConditionInfo[] {
  return [...conditions().values()];
}

/**
 * The control named at the start of a `control =` value: the word before any `/` option part
 * (`control = submission/sender_retain` -> submission).
 */
export function aclControl(name: string): AclControlInfo | undefined {
  const word = name.split('/')[0].trim();
  const c = controls().get(word);
  return c && !c.pseudo ? c : undefined;
}
export function aclControls(): AclControlInfo[] {
  return [...controls().values()].filter((c) => !c.pseudo);
}

/**
 * A verify type as written after `verify =`, with or without its `/options`. Names are
 * case-insensitive; `sender=<address>` is recognised by its first six characters, like Exim does.
 */
export function aclVerifyType(name: string): AclVerifyTypeInfo | undefined {
  const word = name.split('/')[0].trim().toLowerCase();
  const exact = verifyTypes().get(word);
  if (exact) return exact;
  for (const v of verifyTypes().values()) {
    if (v.prefixMatch && word.length > v.prefixMatch && word.startsWith(v.name.slice(0, v.prefixMatch)) && word[v.prefixMatch] === '=') {
      return v;
    }
  }
  return undefined;
}
export function aclVerifyTypes(): AclVerifyTypeInfo[] {
  return [...verifyTypes().values()];
}

/**
 * The callout option a `callout=` sub-option word selects. Exim compares case-insensitively and
 * takes the first option (in its table order) whose name the word starts with; a word matching
 * none is read as the bare callout timeout.
 */
export function calloutOption(word: string): CalloutOptionInfo | undefined {
  const w = word.trim().toLowerCase();
  if (!w) return undefined;
  for (const c of callouts().values()) if (w.startsWith(c.name)) return c;
  return undefined;
}
export function calloutOptions(): CalloutOptionInfo[] {
  return [...callouts().values()];
}

export function ratelimitOption(word: string): RatelimitOptionInfo | undefined {
  return ratelimits().get(word.split('=')[0].trim().toLowerCase());
}
export function ratelimitOptions(): RatelimitOptionInfo[] {
  return [...ratelimits().values()];
}

/** The main options that name an ACL, with the ACL type each one runs as. */
export function aclOptions(): AclOptionInfo[] {
  return [...namingOptions().values()];
}
export function aclOption(optionName: string): AclOptionInfo | undefined {
  return namingOptions().get(optionName);
}

/**
 * ACL type(s) an ACL named by this main option runs as: acl_smtp_rcpt -> [RCPT];
 * acl_smtp_mime and acl_not_smtp_mime -> [MIME]; acl_smtp_data_prdr -> [PRDR]. [] when the option
 * does not name an ACL.
 */
export function aclTypeOfOption(optionName: string): AclType[] {
  const o = namingOptions().get(optionName);
  return o ? [o.aclType] : [];
}

/** All ACL type names in Exim's order (RCPT, MAIL, PREDATA, MIME, ...). */
export function aclTypes(): AclType[] {
  return [...aclData.aclTypes];
}

/** How Exim names an ACL type in its messages ("EHLO or HELO", "non-SMTP", "connection" ...). */
export function aclTypeDisplayName(type: AclType): string {
  return aclData.whereNames[type] ?? type;
}

/** Whether a condition/modifier may be used in an ACL of this type. */
export function isConditionAllowedIn(name: string, type: AclType): boolean | undefined {
  const c = conditions().get(name);
  return c ? c.allowedIn.includes(type) : undefined;
}

export function aclCounts(): Record<string, number> {
  return { ...aclData.counts };
}
