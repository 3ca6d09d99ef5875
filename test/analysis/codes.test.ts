import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { CODES, isKnownCode } from '../../server/src/analysis/codes';
import { ROOT } from '../helpers';

test('every code in the registry has a summary and a severity', () => {
  for (const [code, info] of Object.entries(CODES)) {
    assert.match(code, /^[a-z][a-z0-9-]*$/);
    assert.ok(info.summary.length > 5, code);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(info.severity), code);
  }
});

test('every code the checks produce on the examples is in the registry', () => {
  const dir = join(ROOT, 'examples');
  const seen = new Set<string>();
  for (const f of readdirSync(dir)) {
    const a = analyse(readFileSync(join(dir, f), 'utf8'), { name: join(dir, f) });
    for (const d of a.diagnostics) seen.add(d.code);
  }
  assert.ok(seen.size >= 6, [...seen].join(' '));
  assert.deepEqual([...seen].filter((c) => !isKnownCode(c)), []);
});
