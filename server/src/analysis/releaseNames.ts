// Expansion names that the Exim release the file is checked against does not know (newer than it):
// they pass the tables, so the usual checks say nothing, but that Exim fails the expansion with
// "unknown ..." when it uses the value.  The release comes with the binary's built-in macros.

import { resolveOperator } from '../facts';
import { unknownInRelease } from '../facts/release';
import { walkExpansion } from './expansionWalk';
import { span, type ExpandedValue } from './expansions';
import type { LineDiagnostic } from './diagnostic';

export function releaseProblems(v: ExpandedValue, release: string | undefined): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  if (!v.nodes || release === undefined) return out;
  const newer = (what: string) => `${what} of newer releases: Exim ${release} does not know it, so the expansion fails`;
  walkExpansion(v.nodes, (n) => {
    if (n.kind === 'variable' && unknownInRelease('variables', n.name.text, release)) {
      out.push({ ...span(v, n.name.start, n.name.end), code: 'expansion-unknown-variable', message: `"$${n.name.text}" is ${newer('a variable')} (Exim: unknown variable name "${n.name.text}")` });
    } else if (n.kind === 'operator') {
      const r = resolveOperator(n.name.text);
      if ('operator' in r && unknownInRelease('operators', r.operator.name, release)) {
        out.push({ ...span(v, n.name.start, n.name.end), code: 'expansion-unknown-operator', message: `"${r.operator.name}" is ${newer('an operator')} (Exim: unknown expansion operator "${n.name.text}")` });
      }
    } else if (n.kind === 'item' && unknownInRelease('items', n.name.text, release)) {
      out.push({ ...span(v, n.name.start, n.name.end), code: 'expansion-unknown-item', message: `"${n.name.text}" is ${newer('an expansion item')} (Exim: "\${${n.name.text}" is not a known operator (or a } is missing in a variable reference))` });
    } else if (n.kind === 'condition' && unknownInRelease('conditions', n.name.text, release)) {
      out.push({ ...span(v, n.name.start, n.name.end), code: 'expansion-unknown-condition', message: `"${n.name.text}" is ${newer('a condition')} (Exim: unknown condition "${n.name.text}")` });
    }
  });
  return out;
}
