// Loads the hand-written documentation tables (./docs/<family>.json). Each family is written by a
// different contributor and may be missing in a given checkout, so every table is optional: a
// missing or malformed file simply means "no docs" for that family.
//
// The require below uses a template literal, which esbuild turns into a bundle of every JSON file
// under this folder that exists at build time (./data/*.json is bundled anyway). The path is
// built as `./${'docs/<family>'}` rather than `./docs/${family}` so the build still works while
// the docs folder does not exist yet. The test build (tsc into out/) does not copy these JSON
// files, so when running from out/ the loader falls back to the copy in the source tree.

import { join } from 'node:path';
import type { Doc } from './types';

export type DocFamily =
  | 'main-options'
  | 'router-options'
  | 'transport-options'
  | 'authenticator-options'
  | 'drivers'
  | 'sections'
  | 'acl'
  | 'expansion'
  | 'lookups'
  | 'retry'
  | 'variables';

export const docFamilies: readonly DocFamily[] = [
  'main-options',
  'router-options',
  'transport-options',
  'authenticator-options',
  'drivers',
  'sections',
  'acl',
  'expansion',
  'lookups',
  'retry',
  'variables',
];

type DocTable = Record<string, Doc>;
const tables = new Map<DocFamily, DocTable>();

function loadRaw(family: DocFamily): unknown {
  const rel = `docs/${family}`;
  try {
    return require(`./${rel}.json`);
  } catch {
    // not next to this module (tsc output, or not bundled)
  }
  const fromOut = join(__dirname, '..', '..', '..', '..', 'server', 'src', 'facts', 'docs', `${family}.json`);
  try {
    return require(fromOut);
  } catch {
    return undefined;
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
