// Where each ACL runs: the main options that name an ACL (acl_smtp_rcpt = check_rcpt ...) decide
// the ACL type Exim runs it as, and with it which conditions, controls and verify types it may use.
// An ACL that no such option names (called with `acl =`, `${acl{...}}`, or named in a file this
// analysis does not see) has no known type, and nothing is checked against a type for it.

import { aclTypeDisplayName, aclTypeOfOption, type AclType } from '../facts';
import type { ConfigDocument, ConfigLine, Instance } from '../syntax/document';
import { readQuoted } from '../syntax/strings';

export interface AclNaming {
  /** The main option that names the ACL. */
  option: string;
  type: AclType;
  line: ConfigLine;
}

const cache = new WeakMap<ConfigDocument, Map<string, AclNaming[]>>();

/** The value of an option line as Exim reads it (dequoted when quoted). */
function plainValue(line: ConfigLine): string | undefined {
  if (line.node.kind !== 'option' || !line.node.value) return undefined;
  const raw = line.node.value.text;
  return raw.startsWith('"') ? readQuoted(raw, 0).value.trim() : raw;
}

/** After one line was read again: the ACL namings carry over unless that line names an ACL. */
export function carryAclNamings(from: ConfigDocument, to: ConfigDocument, old?: ConfigLine, line?: ConfigLine): void {
  const m = cache.get(from);
  if (!m) return;
  const names = (l: ConfigLine | undefined) => l !== undefined && l.section === 'main' && l.node.kind === 'option' && aclTypeOfOption(l.node.name.text).length > 0;
  if (names(old) || names(line)) return;
  cache.set(to, m);
}

/** ACL name -> the main options that name it, for the ACLs defined in the document. */
export function aclNamings(doc: ConfigDocument): Map<string, AclNaming[]> {
  let m = cache.get(doc);
  if (m) return m;
  m = new Map();
  const defined = new Set(doc.sections.filter((s) => s.name === 'acls').flatMap((s) => s.instances.map((i) => i.name)));
  // The last setting of each naming option counts.
  const settings = new Map<string, { value: string | undefined; line: ConfigLine }>();
  for (const line of doc.sections[0]?.lines ?? []) {
    if (line.node.kind !== 'option' || aclTypeOfOption(line.node.name.text).length === 0) continue;
    settings.set(line.node.name.text, { value: plainValue(line), line });
  }
  for (const [option, { value, line }] of settings) {
    // Exim takes a value that is the name of an ACL as that ACL; anything else is a file name or
    // inline ACL text.
    if (!value || !defined.has(value)) continue;
    const list = m.get(value) ?? [];
    for (const type of aclTypeOfOption(option)) list.push({ option, type, line });
    m.set(value, list);
  }
  cache.set(doc, m);
  return m;
}

/** The ACL types an ACL instance is known to run as ([] when unknown). */
export function aclTypesOf(doc: ConfigDocument, acl: Instance | undefined): AclType[] {
  if (!acl || acl.kind !== 'acl') return [];
  return [...new Set((aclNamings(doc).get(acl.name) ?? []).map((n) => n.type))];
}

/** "the RCPT ACL (acl_smtp_rcpt)" for messages. */
export function describeAclUse(doc: ConfigDocument, acl: Instance, type: AclType): string {
  const options = (aclNamings(doc).get(acl.name) ?? []).filter((n) => n.type === type).map((n) => n.option);
  return `the ${aclTypeDisplayName(type)} ACL${options.length ? ` (${options.join(', ')} names "${acl.name}")` : ''}`;
}
