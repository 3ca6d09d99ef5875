// Files that are pieces of one configuration (Node only: reads directories).
//
// - Debian's split configuration: /etc/exim4/conf.d/{main,acl,router,transport,retry,rewrite,auth}/*
//   joined by update-exim4.conf in that folder order, each folder's files in byte order of their
//   names; only names made of letters, digits, `_` and `-` are read, and `NAME.rul` is read
//   instead of `NAME` when both exist.
// - Debian's unsplit configuration: exim4.conf.localmacros (when it exists) followed by
//   exim4.conf.template.
// - A main file named by the user (the `exim.mainFile` setting, `exim-lint --main`), whose
//   `.include`s reach the file.
//
// A conf.d fragment is always analysed inside its tree: the tree before it supplies the macros
// and the section, the rest supplies the definitions its names refer to.  A folder whose header
// (the file with `begin acl` ...) is missing still puts its fragments in its section.

import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WholeConfig } from '../analysis/analyse';

/** The conf.d folders, in update-exim4.conf's order, with the section each one holds. */
export const CONFD_FOLDERS: readonly { folder: string; section: string }[] = [
  { folder: 'main', section: 'main' },
  { folder: 'acl', section: 'acls' },
  { folder: 'router', section: 'routers' },
  { folder: 'transport', section: 'transports' },
  { folder: 'retry', section: 'retrys' },
  { folder: 'rewrite', section: 'rewrites' },
  { folder: 'auth', section: 'authenticators' },
];

/** update-exim4.conf's run-parts reads only these names. */
const READABLE_NAME = /^[A-Za-z0-9_-]+$/;

export interface ConfdFragment {
  path: string;
  folder: string;
  section: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Byte order of the names, as `ls` sorts them with LC_COLLATE unset. */
function byteOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** Whether a directory is a conf.d tree (it has at least one of the seven folders). */
export function isConfdTree(dir: string): boolean {
  return CONFD_FOLDERS.some((f) => isDirectory(join(dir, f.folder)));
}

/** The tree and folder of a file at <tree>/conf.d/<folder>/<name>. */
export function confdPlaceOf(path: string): { tree: string; folder: string; section: string } | undefined {
  const folderDir = dirname(path);
  const tree = dirname(folderDir);
  const f = CONFD_FOLDERS.find((x) => x.folder === basename(folderDir));
  if (!f || basename(tree) !== 'conf.d') return undefined;
  return { tree, folder: f.folder, section: f.section };
}

/** The files update-exim4.conf joins into one configuration, in its order. */
export function confdFragments(tree: string): ConfdFragment[] {
  const out: ConfdFragment[] = [];
  for (const f of CONFD_FOLDERS) {
    const dir = join(tree, f.folder);
    const names = list(dir).filter((n) => READABLE_NAME.test(n)).sort(byteOrder);
    for (const n of names) {
      if (!isFile(join(dir, n))) continue;
      const rul = join(dir, `${n}.rul`);
      out.push({ path: isFile(rul) ? rul : join(dir, n), folder: f.folder, section: f.section });
    }
  }
  return out;
}

/** Why update-exim4.conf does not read a file of a conf.d folder; undefined when it does. */
export function confdIgnoredReason(path: string): string | undefined {
  const name = basename(path);
  if (name.endsWith('.rul')) {
    const base = name.slice(0, -4);
    if (READABLE_NAME.test(base) && isFile(join(dirname(path), base))) return undefined;
    return `update-exim4.conf reads "${name}" only in place of a file "${base}" beside it, and there is none`;
  }
  if (!READABLE_NAME.test(name)) {
    return `update-exim4.conf does not read "${name}": it reads only files whose names are made of letters, digits, "_" and "-"`;
  }
  if (isFile(`${path}.rul`)) return `update-exim4.conf reads "${name}.rul" instead of this file`;
  return undefined;
}

/** The whole configuration of a conf.d tree, with `focus` in its place even if it is not read. */
export function confdWhole(tree: string, focus?: string): WholeConfig {
  const fragments = confdFragments(tree);
  const roots = fragments.map((f) => ({ path: f.path, section: f.section }));
  const whole: WholeConfig = { roots, description: `the conf.d tree ${tree}` };
  if (focus && !roots.some((r) => r.path === focus)) {
    const place = confdPlaceOf(focus);
    if (place) {
      // Checked where it would go, so that it can be edited with the rest of the tree in view.
      const order = CONFD_FOLDERS.findIndex((f) => f.folder === place.folder);
      let at = roots.length;
      for (let i = 0; i < fragments.length; i++) {
        const o = CONFD_FOLDERS.findIndex((f) => f.folder === fragments[i].folder);
        if (o > order || (o === order && byteOrder(basename(fragments[i].path), basename(focus)) > 0)) {
          at = i;
          break;
        }
      }
      roots.splice(at, 0, { path: focus, section: place.section });
      const reason = confdIgnoredReason(focus);
      if (reason) whole.notes = [{ code: 'confd-ignored-file', message: `${reason}; it is checked here as if it were read in its place` }];
    }
  }
  return whole;
}

/** Debian's unsplit configuration: exim4.conf.localmacros, then exim4.conf.template. */
export function debianTemplateWhole(path: string): WholeConfig | undefined {
  const dir = dirname(path);
  const name = basename(path);
  if (name !== 'exim4.conf.template' && name !== 'exim4.conf.localmacros') return undefined;
  const template = join(dir, 'exim4.conf.template');
  const macros = join(dir, 'exim4.conf.localmacros');
  const roots = [macros, template].filter((p) => p === path || isFile(p));
  if (roots.length < 2) return undefined;
  return { roots: roots.map((p) => ({ path: p })), description: `${basename(macros)} followed by ${basename(template)}, as update-exim4.conf joins them` };
}

/**
 * The whole configuration a file is a piece of, found from its place on disk: a conf.d tree, or
 * Debian's localmacros + template.  (A main file that includes it is found by the caller.)
 */
export function wholeOf(path: string): WholeConfig | undefined {
  const place = confdPlaceOf(path);
  if (place) return confdWhole(place.tree, path);
  return debianTemplateWhole(path);
}

/** The whole configuration that starts at a main file, or at a conf.d tree given as a directory. */
export function wholeFromMain(main: string): WholeConfig | undefined {
  if (isDirectory(main)) {
    const tree = isConfdTree(main) ? main : isConfdTree(join(main, 'conf.d')) ? join(main, 'conf.d') : undefined;
    return tree ? confdWhole(tree) : undefined;
  }
  if (!isFile(main)) return undefined;
  return { roots: [{ path: main }], description: `the main file ${main}` };
}
