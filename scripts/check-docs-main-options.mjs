// Checks server/src/facts/docs/main-options.json against the main option table:
// one entry per settable main option (names starting with "*" are internal), no extra keys,
// every entry with a non-empty one-sentence summary, and only the known fields, all strings.
// When Debian's configuration files and Exim's default configure are present, it also checks that
// every main option they use has `details` and an `example` (the "common use" rule of the docs).
//
// Options come from $EXIM_FACTS_DIR/options.json (default ../shared/exim-facts), or from the
// generated server/src/facts/data/options.json when the facts are not available.
// Usage: node scripts/check-docs-main-options.mjs        (exit 1 on any problem)

import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsPath = join(root, 'server', 'src', 'facts', 'docs', 'main-options.json');
const factsDir = resolve(process.env.EXIM_FACTS_DIR || join(root, '..', 'shared', 'exim-facts'));

const problems = [];
const warnings = [];

function mainOptionNames() {
  const factsFile = join(factsDir, 'options.json');
  if (existsSync(factsFile)) {
    const facts = JSON.parse(readFileSync(factsFile, 'utf8'));
    return facts.main.map((o) => o.name).filter((n) => !n.startsWith('*'));
  }
  const data = JSON.parse(readFileSync(join(root, 'server', 'src', 'facts', 'data', 'options.json'), 'utf8'));
  warnings.push(`facts not found at ${factsDir}; using the generated option table`);
  return data.main.map((o) => o.name);
}

let docs;
try {
  docs = JSON.parse(readFileSync(docsPath, 'utf8'));
} catch (e) {
  console.error(`check-docs-main-options: cannot read ${docsPath}: ${e.message}`);
  process.exit(1);
}

const names = mainOptionNames();
const want = new Set(names);
const have = new Set(Object.keys(docs));
for (const n of names) if (!have.has(n)) problems.push(`missing entry: ${n}`);
for (const k of have) if (!want.has(k)) problems.push(`extra entry (not a settable main option): ${k}`);

const fields = new Set(['summary', 'details', 'example', 'link']);
for (const [key, entry] of Object.entries(docs)) {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${key}: entry is not an object`);
    continue;
  }
  for (const f of Object.keys(entry)) {
    if (!fields.has(f)) problems.push(`${key}: unknown field "${f}"`);
    else if (typeof entry[f] !== 'string') problems.push(`${key}: field "${f}" is not a string`);
  }
  const s = typeof entry.summary === 'string' ? entry.summary.trim() : '';
  if (!s) problems.push(`${key}: empty summary`);
  else {
    if (!/[.]$/.test(s)) problems.push(`${key}: summary does not end with a period`);
    if (s.length > 120) warnings.push(`${key}: summary is ${s.length} characters`);
  }
  for (const f of ['details', 'example', 'link']) {
    if (typeof entry[f] === 'string' && !entry[f].trim()) problems.push(`${key}: empty ${f}`);
  }
  if (typeof entry.link === 'string' && !/^https:\/\/www\.exim\.org\/exim-html-current\/doc\/html\/spec_html\/ch-[a-z0-9_]+\.html(#\w+)?$/.test(entry.link)) {
    problems.push(`${key}: link is not a spec chapter URL: ${entry.link}`);
  }
}

// Options used by Debian's configuration and Exim's default configure need details and an example.
const corpus = [];
const addFile = (p) => { if (existsSync(p) && statSync(p).isFile()) corpus.push(readFileSync(p, 'utf8')); };
addFile('/etc/exim4/exim4.conf.template');
addFile(join(root, '..', 'shared', 'corpus', 'configure.default'));
if (existsSync('/etc/exim4/conf.d')) {
  for (const d of readdirSync('/etc/exim4/conf.d')) {
    const dir = join('/etc/exim4/conf.d', d);
    if (statSync(dir).isDirectory()) for (const f of readdirSync(dir)) addFile(join(dir, f));
  }
}
if (corpus.length) {
  const text = corpus.join('\n');
  for (const n of names) {
    const used = new RegExp(`(^|[^A-Za-z0-9_])(no_|not_)?${n}([^A-Za-z0-9_]|$)`, 'm').test(text);
    const e = docs[n];
    if (used && e && (!e.details || !e.example)) problems.push(`${n}: used in the reference configurations but lacks details/example`);
  }
} else {
  warnings.push('reference configurations not found; common-use check skipped');
}

for (const w of warnings) console.warn(`warning: ${w}`);
if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`check-docs-main-options: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-docs-main-options: ${have.size} entries OK`);
