// Expansion names that the Exim the file is checked against does not have: newer than its release
// (facts/release.ts), or needing a feature its build leaves out (BuildGaps.expansion: $dmarc_status
// without _HAVE_DMARC).  They pass the tables, so the usual checks say nothing, but that Exim
// fails the expansion with "unknown ..." when it uses the value.  Release and build come with the
// binary's built-in macros.

import { resolveOperator } from '../facts';
import { eximUnknownMessage, unknownInRelease, type ReleaseUnknowns } from '../facts/release';
import { walkExpansion } from './expansionWalk';
import { span, type ExpandedValue } from './expansions';
import type { LineDiagnostic } from './diagnostic';

const CODES: Record<keyof ReleaseUnknowns, string> = {
  items: 'expansion-unknown-item',
  operators: 'expansion-unknown-operator',
  conditions: 'expansion-unknown-condition',
  variables: 'expansion-unknown-variable',
};
const WHAT: Record<keyof ReleaseUnknowns, string> = { items: 'an expansion item', operators: 'an operator', conditions: 'a condition', variables: 'a variable' };

/**
 * `release`: the binary's, when it is one facts/release.ts knows to lack names; `lacking`: the
 * names its build lacks, by `kind/name`, with the macro it has not.
 */
export function lackedNames(v: ExpandedValue, release: string | undefined, lacking: ReadonlyMap<string, string>): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  if (!v.nodes) return out;
  const check = (kind: keyof ReleaseUnknowns, name: string, token: { start: number; end: number; text: string }) => {
    const shown = kind === 'variables' ? `$${name}` : name;
    const macro = lacking.get(`${kind}/${name}`);
    let message: string | undefined;
    if (macro) message = `"${shown}" is ${WHAT[kind]} this Exim is built without (its built-in macros have no ${macro}), so the expansion fails`;
    else if (unknownInRelease(kind, name, release)) message = `"${shown}" is ${WHAT[kind]} of newer releases: Exim ${release} does not know it, so the expansion fails`;
    if (message) out.push({ ...span(v, token.start, token.end), code: CODES[kind], message: `${message} (Exim: ${eximUnknownMessage(kind, token.text)})` });
  };
  walkExpansion(v.nodes, (n) => {
    if (n.kind === 'variable') check('variables', n.name.text, n.name);
    else if (n.kind === 'operator') {
      const r = resolveOperator(n.name.text);
      if ('operator' in r) check('operators', r.operator.name, n.name);
    } else if (n.kind === 'item') check('items', n.name.text, n.name);
    else if (n.kind === 'condition') check('conditions', n.name.text, n.name);
  });
  return out;
}
