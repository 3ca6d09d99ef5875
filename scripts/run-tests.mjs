// Runs every compiled test file under out/test with Node's built-in runner.
// Usage: node scripts/run-tests.mjs [--e2e] [substring-filter...]
// The end-to-end tests under out/test/e2e run only with --e2e (npm run test:e2e), and then alone.
import { readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2e = process.argv.includes('--e2e');
const filters = process.argv.slice(2).filter((a) => a !== '--e2e');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (p !== join(root, 'out/test/e2e')) walk(p); }
    else if (name.endsWith('.test.js') && (filters.length === 0 || filters.some((f) => p.includes(f)))) files.push(p);
  }
})(join(root, e2e ? 'out/test/e2e' : 'out/test'));
if (files.length === 0) { console.error('no test files found under out/test'); process.exit(1); }
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
