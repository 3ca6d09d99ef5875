// bin/load-bundle.js: the bundles of dist/ are loaded with the V8 code cache the build made, and
// only when the cache was made from the same text.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadBundle, makeCache } = require(join(ROOT, 'bin', 'load-bundle.js')) as {
  loadBundle: (file: string) => Record<string, unknown>;
  makeCache: (file: string, exercise?: (exports: Record<string, unknown>) => unknown) => Promise<void>;
};

/** What a cache file starts with: the SHA-1 of the bundle's text. */
const sha1 = (text: string) => createHash('sha1').update(text).digest();

const dir = mkdtempSync(join(tmpdir(), 'exim-load-bundle-'));
let n = 0;
/** A bundle in a file of its own (a fresh name each time: require() keeps what it loaded). */
function bundle(text: string): string {
  const file = join(dir, `bundle${n++}.js`);
  writeFileSync(file, text);
  return file;
}
const source = (letter: string) => `#!/usr/bin/env node\nexports.letter = () => '${letter}';\nexports.dir = __dirname;\nexports.req = typeof require('node:path').join;\n`;

test('a bundle with its cache: loaded from it, with the module variables Node.js gives', async () => {
  const file = bundle(source('A'));
  await makeCache(file, (e) => (e.letter as () => string)());
  assert.ok(readFileSync(`${file}.cache`).length > 20);
  const e = loadBundle(file);
  assert.equal((e.letter as () => string)(), 'A');
  assert.equal(e.dir, dir);
  assert.equal(e.req, 'function');
});

test('a cache made from another text of the same length is not used', async () => {
  const file = bundle(source('A'));
  await makeCache(file, (e) => (e.letter as () => string)());
  // V8 accepts a cache for any source of the same length; the hash in front of it does not.
  writeFileSync(file, source('B'));
  assert.equal((loadBundle(file).letter as () => string)(), 'B');
});

test('a missing or broken cache: the bundle is loaded as usual', () => {
  const missing = bundle(source('C'));
  assert.equal((loadBundle(missing).letter as () => string)(), 'C');
  const broken = bundle(source('D'));
  writeFileSync(`${broken}.cache`, 'junk');
  assert.equal((loadBundle(broken).letter as () => string)(), 'D');
  // The right hash in front of code V8 refuses (as a cache of another Node.js would be).
  const refused = bundle(source('E'));
  writeFileSync(`${refused}.cache`, Buffer.concat([sha1(source('E')), Buffer.alloc(4096, 7)]));
  assert.equal((loadBundle(refused).letter as () => string)(), 'E');
});

test('the build made caches for the CLI and the server, from the bundles as they are', { skip: !existsSync(join(ROOT, 'dist', 'cli.js')) && 'dist/ not built' }, () => {
  for (const name of ['cli', 'server']) {
    const file = join(ROOT, 'dist', `${name}.js`);
    assert.ok(readFileSync(`${file}.cache`).subarray(0, 20).equals(sha1(readFileSync(file, 'utf8'))), `dist/${name}.js.cache is made from dist/${name}.js`);
  }
});
