// Asks an Exim 4.96 binary which expansion names of our tables it does not know, and which main
// options have another default there, and writes them to
// server/src/facts/data/release-4.96.json (see server/src/node/probeRelease.ts).  Run after a
// build, when the tables change: node scripts/probe-release.mjs [/usr/sbin/exim4]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { probeMainDefaults, probeRelease } = require(join(root, 'out/server/src/node/probeRelease.js'));
const binary = process.argv[2] ?? '/usr/sbin/exim4';
const version = spawnSync(binary, ['-C', '/dev/null', '-bP', 'exim_version'], { encoding: 'utf8' }).stdout.trim();
if (version !== 'exim_version = 4.96') {
  console.error(`${binary} says "${version}": this table is for Exim 4.96`);
  process.exit(2);
}
const r = await probeRelease(binary);
if (r.problem) {
  console.error(r.problem);
  process.exit(1);
}
const d = await probeMainDefaults(binary);
if (d.problem) {
  console.error(d.problem);
  process.exit(1);
}
const out = { release: '4.96', probed: `${binary} -C /dev/null -be and -bP, Debian's exim4-daemon-heavy`, unknown: r.unknown, mainDefaults: d.defaults };
writeFileSync(join(root, 'server/src/facts/data/release-4.96.json'), JSON.stringify(out, null, 1) + '\n');
for (const [kind, names] of Object.entries(r.unknown)) console.log(`${kind}: ${names.length ? names.join(' ') : '-'}`);
console.log(`main defaults: ${Object.entries(d.defaults).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`);
