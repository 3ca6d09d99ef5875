// A file without a `begin` line whose contents plainly belong to another section than the main
// one: routers, transports or authenticators (by their driver names), ACLs (a name followed by
// verbs) or retry rules. Such a file is a piece of a configuration (an `.include`d file, a conf.d
// fragment out of its folder); read as a main section it gives an error on every line. It is read
// in the section its contents say instead, with a note that says so.

import { aclVerb, isDriverName } from '../facts';
import type { SectionName } from '../syntax/document';

export interface FragmentGuess {
  section: SectionName;
  /** What gave it away, in a few words. */
  because: string;
  /** The file starts with ACL statements, not with an ACL's name: it is included inside an ACL. */
  inAcl?: true;
}

const DRIVER_SECTIONS = [
  ['routers', 'router'],
  ['transports', 'transport'],
  ['authenticators', 'authenticator'],
] as const;

const HEADER = /^\s*([A-Za-z0-9_][\w.-]*)\s*:\s*$/;
const RETRY_RULE = /^\s*\S+\s+\S+(\s+senders=\S+)?\s+[FGH],\s*\d/;
/** How many lines after the first instance header are looked at. */
const LOOK_AHEAD = 60;

/** The section a file's contents belong to, when it has no `begin` line and they are not main options. */
export function fragmentSection(text: string): FragmentGuess | undefined {
  if (/^[ \t]*begin[ \t]/m.test(text)) return undefined;
  const lines = text.split(/\r?\n/);
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    // Comments, blank lines, directives and macro definitions say nothing about the section.
    if (/^\s*($|#|\.)/.test(l) || /^\s*[A-Z][A-Z0-9_]*\s*==?/.test(l)) continue;
    first = i;
    break;
  }
  if (first < 0) return undefined;
  if (RETRY_RULE.test(lines[first])) return { section: 'retrys', because: `"${lines[first].trim()}" is a retry rule` };
  // An ACL verb alone, or followed by a condition or modifier (`deny hosts = ...`): no main option
  // is called so.
  const statement = /^\s*(\w+)(?:\s*$|\s+!?\s*\w+\s*=)/.exec(lines[first]);
  if (statement && aclVerb(statement[1])) {
    return { section: 'acls', inAcl: true, because: `it starts with the ACL verb "${statement[1]}", with no "name:" line before it (statements of an ACL that includes this file)` };
  }
  const header = HEADER.exec(lines[first]);
  if (!header) return undefined;
  for (let i = first + 1; i < Math.min(lines.length, first + LOOK_AHEAD); i++) {
    const l = lines[i];
    if (/^\s*($|#|\.)/.test(l)) continue;
    const driver = /^\s*driver\s*=\s*(\w+)\s*$/.exec(l);
    if (driver) {
      const kind = DRIVER_SECTIONS.find(([scope]) => isDriverName(scope, driver[1]));
      return kind ? { section: kind[0], because: `"${header[1]}" has "driver = ${driver[1]}", a ${kind[1]} driver` } : undefined;
    }
    const verb = /^\s*(\w+)/.exec(l)?.[1];
    if (verb && aclVerb(verb)) return { section: 'acls', because: `"${header[1]}:" is followed by the ACL verb "${verb}"` };
    if (HEADER.test(l)) return undefined;
  }
  return undefined;
}
