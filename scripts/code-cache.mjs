// Makes the V8 code caches of the bundles that bin/ loads (dist/cli.js.cache, dist/server.js.cache;
// bin/load-bundle.js reads them).  The CLI's is made after it has checked the examples, so that
// it holds the compiled code of a whole analysis; the server's after loading it.  Run by
// scripts/build.mjs in a process of its own: a cache belongs to the Node.js that made it.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { makeCache } = createRequire(import.meta.url)('../bin/load-bundle.js');

const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.conf')).map((f) => join(root, 'examples', f));
await makeCache(join(root, 'dist', 'cli.js'), async (cli) => {
  const write = process.stdout.write;
  process.stdout.write = () => true; // the findings on the examples are not wanted here
  try {
    await cli.main(['--format', 'json', ...examples]);
    await cli.main(examples);
  } finally {
    process.stdout.write = write;
  }
});
await makeCache(join(root, 'dist', 'server.js'));
