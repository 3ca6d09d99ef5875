// What an older Exim release does not have of the newer source the tables follow, and the main
// option defaults it has otherwise (mainDefaults, from `exim -bP`).  Expansion names
// Exim 4.96 (Debian 12) does not know were found by asking that binary (node/probeRelease.ts,
// scripts/probe-release.mjs); where ACL conditions may run there is in acl.ts (EXIM_496_PLACES).

import release496 from './data/release-4.96.json';
import { isAtMost496 } from './acl';

/** Names by kind, as `exim -be` reports them unknown. */
export interface ReleaseUnknowns {
  items: string[];
  operators: string[];
  conditions: string[];
  variables: string[];
}

/** Exim's words when an expansion uses a name it does not know, by kind (`name` as written). */
export function eximUnknownMessage(kind: keyof ReleaseUnknowns, name: string): string {
  switch (kind) {
    case 'items':
      return `"\${${name}" is not a known operator (or a } is missing in a variable reference)`;
    case 'operators':
      return `unknown expansion operator "${name}"`;
    case 'conditions':
      return `unknown condition "${name}"`;
    case 'variables':
      return `unknown variable name "${name}"`;
  }
}

const unknown496 = release496.unknown as ReleaseUnknowns;
const sets = new Map<keyof ReleaseUnknowns, Set<string>>();

/** Whether the release (`4.96`; undefined: not known) lacks the expansion name of this kind. */
export function unknownInRelease(kind: keyof ReleaseUnknowns, name: string, release: string | undefined): boolean {
  if (!isAtMost496(release)) return false;
  let set = sets.get(kind);
  if (!set) sets.set(kind, (set = new Set(unknown496[kind])));
  return set.has(name);
}

const defaults496 = (release496 as { mainDefaults?: Record<string, string> }).mainDefaults ?? {};

/** The default of a main option in Exim 4.96 where it is not the tables' (queue_fast_ramp ...). */
export function mainDefaultIn496(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(defaults496, name) ? defaults496[name] : undefined;
}
