// Loads the hand-written documentation tables (./docs/<family>.json), one family at a time on
// first use.  An entry without a summary is left out rather than shown half-written.

import type { Doc } from './types';

export type DocFamily =
  | 'main-options'
  | 'router-options'
  | 'transport-options'
  | 'authenticator-options'
  | 'drivers'
  | 'sections'
  | 'directives'
  | 'acl'
  | 'expansion'
  | 'lookups'
  | 'log-selectors'
  | 'retry'
  | 'rewrite'
  | 'variables';

export const docFamilies: readonly DocFamily[] = [
  'main-options',
  'router-options',
  'transport-options',
  'authenticator-options',
  'drivers',
  'sections',
  'directives',
  'acl',
  'expansion',
  'lookups',
  'log-selectors',
  'retry',
  'rewrite',
  'variables',
];

type DocTable = Record<string, Doc>;
const tables = new Map<DocFamily, DocTable>();

/**
 * The docs of one family, read on first use (the CLI never needs them).  Static requires, so that
 * esbuild bundles every file and tsc copies them next to this module.
 */
function loadRaw(family: DocFamily): unknown {
  switch (family) {
    case 'main-options': return require('./docs/main-options.json');
    case 'router-options': return require('./docs/router-options.json');
    case 'transport-options': return require('./docs/transport-options.json');
    case 'authenticator-options': return require('./docs/authenticator-options.json');
    case 'drivers': return require('./docs/drivers.json');
    case 'sections': return require('./docs/sections.json');
    case 'directives': return require('./docs/directives.json');
    case 'acl': return require('./docs/acl.json');
    case 'expansion': return require('./docs/expansion.json');
    case 'lookups': return require('./docs/lookups.json');
    case 'log-selectors': return require('./docs/log-selectors.json');
    case 'retry': return require('./docs/retry.json');
    case 'rewrite': return require('./docs/rewrite.json');
    case 'variables': return require('./docs/variables.json');
  }
}

function isDoc(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  if (typeof d.summary !== 'string' || d.summary.trim() === '') return false;
  for (const k of ['details', 'example', 'link'] as const) {
    if (d[k] !== undefined && typeof d[k] !== 'string') return false;
  }
  return true;
}

/** All docs of one family (empty when the file is absent). Entries without a summary are skipped. */
export function docTable(family: DocFamily): DocTable {
  let t = tables.get(family);
  if (t) return t;
  t = Object.create(null) as DocTable;
  const raw = loadRaw(family);
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (isDoc(value)) t[key] = value;
    }
  }
  tables.set(family, t);
  return t;
}

/** One doc entry, e.g. docFor('acl', 'condition/dnslists'), docFor('router-options', 'redirect/allow_fail'). */
export function docFor(family: DocFamily, key: string): Doc | undefined {
  const t = docTable(family);
  return Object.prototype.hasOwnProperty.call(t, key) ? t[key] : undefined;
}

/** Whether a docs file was found for this family. */
export function hasDocs(family: DocFamily): boolean {
  return Object.keys(docTable(family)).length > 0;
}
