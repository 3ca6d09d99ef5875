// The TextMate grammar against its fixtures (vscode-tmgrammar-test; exit 255 on a wrong scope),
// and the grammar is up to date with the facts it is generated from.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers';

test('TextMate grammar: every scope assertion in test/grammar/*.conf holds', () => {
  const bin = join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  assert.ok(existsSync(bin), 'vscode-tmgrammar-test is installed');
  const r = spawnSync(process.execPath, [bin, '-g', 'syntaxes/exim.tmLanguage.json', 'test/grammar/*.conf'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
