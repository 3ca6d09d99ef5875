'use strict';
// Loads a bundle of dist/ together with the V8 code cache that the build made for it
// (scripts/code-cache.mjs): with the cache, V8 neither parses the 1.4 MB bundle nor compiles the
// functions that a first analysis runs (a whole `exim-lint` run on Debian's template: 0.33 -> 0.27 s).
// Without the cache, or with one that V8 refuses (another Node.js, other flags), the bundle is
// loaded as usual.  V8 itself only compares the length of the source, so a cache starts with the
// hash of the bundle it was made from, and one made from another text is not used.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** The module `file` exports, compiled with the code in `file.cache` when that was made from it. */
function loadBundle(file) {
  let cached;
  let source;
  try {
    cached = fs.readFileSync(`${file}.cache`);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return require(file);
  }
  const hash = bundleHash(source);
  if (cached.length <= hash.length || !cached.subarray(0, hash.length).equals(hash)) return require(file);
  return compile(file, source, cached.subarray(hash.length)).exports;
}

/**
 * Writes `file.cache` after `exercise(exports)` has run the bundle's code: the cache then holds
 * every function that ran, not only the top level.
 */
async function makeCache(file, exercise) {
  const source = fs.readFileSync(file, 'utf8');
  const { script, exports } = compile(file, source);
  if (exercise) await exercise(exports);
  fs.writeFileSync(`${file}.cache`, Buffer.concat([bundleHash(source), script.createCachedData()]));
}

function compile(file, source, cachedData) {
  // The function Node.js makes of a module, with a `#!` line made a comment as Node.js does.
  const wrapped = Module.wrap(source.startsWith('#!') ? `//${source}` : source);
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  bundle.loaded = true;
  return { script, exports: bundle.exports };
}

/** The SHA-1 of a bundle's text (20 bytes). */
function bundleHash(source) {
  return crypto.createHash('sha1').update(source).digest();
}

module.exports = { loadBundle, makeCache };
