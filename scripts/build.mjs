// Build everything `npm install` (prepare), `npm test` and `npm run bench` need:
// 1. the Ohm grammar bundle with its typings, 2. tsc into out/, 3. esbuild bundles into dist/.
// `--quick` skips the bundles (tests run from out/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, copyFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

const genDir = join(root, 'server/src/syntax/generated');
mkdirSync(genDir, { recursive: true });
copyFileSync(join(root, 'grammar/exim.ohm'), join(genDir, 'exim.ohm'));
run(bin('ohm'), ['generateBundles', '--withTypes', join(genDir, 'exim.ohm')]);

run(bin('tsc'), ['-p', 'tsconfig.json']);
// A test file renamed or removed would leave its old .js in out/ to run: what has no source goes.
// (out/ is not removed as a whole: the end-to-end test builds the package while it runs from out/.)
(function prune(dir) {
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) prune(p);
    else if (/\.js(\.map)?$/.test(name) && !p.includes('/generated/') && !existsSync(join(root, relative(join(root, 'out'), p)).replace(/\.js(\.map)?$/, '.ts'))) rmSync(p);
  }
})(join(root, 'out'));
// The client is bundled by esbuild below; tsc only checks its types (against @types/vscode).
run(bin('tsc'), ['-p', 'client/tsconfig.json']);
const outGen = join(root, 'out/server/src/syntax/generated');
mkdirSync(outGen, { recursive: true });
copyFileSync(join(genDir, 'exim.ohm-bundle.js'), join(outGen, 'exim.ohm-bundle.js'));

if (!quick) {
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') });
  await esbuild.build({ ...common, entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(root, 'dist/cli.js') });
  if (existsSync(join(root, 'client/src/extension.ts'))) {
    await esbuild.build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js'), external: ['vscode'] });
  }
  // V8 code caches for bin/ (a faster first run), in a process of their own.  Only a speed-up:
  // without them bin/ loads the bundles as usual, so a failure here does not fail the build.
  try {
    run(process.execPath, [join(root, 'scripts/code-cache.mjs')]);
  } catch {
    console.warn('build: the V8 code caches were not made; exim-lint and exim-language-server start a little slower');
  }
}
