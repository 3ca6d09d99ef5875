// npm run package: writes exim-config-<version>.vsix with vsce (extra arguments go to `vsce
// package`, e.g. --out FILE).  The extension page in VS Code shows the README from the package,
// where relative image links do not resolve, and vsce refuses them without a public repository
// URL; so the package gets a copy of README.md in which the screenshot block (between
// `<!-- screenshots -->` and `<!-- /screenshots -->`) is replaced by a line saying where they are.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const forPackage = readme.replace(
  /<!-- screenshots -->[\s\S]*?<!-- \/screenshots -->\n?/g,
  'Screenshots of the hover, the inlay hints, the quick fix and the Problems panel are in the\nproject\'s README, in the repository.\n',
);
const leftover = forPackage.match(/!\[[^\]]*\]\((?!https?:)[^)]*\)/);
if (leftover) {
  console.error(`README.md: the image ${leftover[0]} is outside the <!-- screenshots --> block; the packaged README cannot show it`);
  process.exit(1);
}
const readmePath = 'out/vsix/README.md'; // relative: vsce looks for it among the extension's files
mkdirSync(join(root, dirname(readmePath)), { recursive: true });
writeFileSync(join(root, readmePath), forPackage);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--readme-path', readmePath, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
