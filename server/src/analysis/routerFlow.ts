// Routers that no address reaches.  An accept router with no precondition (no domains,
// local_parts, senders, condition, check_local_user, require_files, verify options ...) and no
// `unseen` takes every address handed to it, so the routers after it never run: exim -bt shows
// every address going to it.  Not said when one of them is named by a redirect_router or
// pass_router (that way addresses reach it), nor of a router with a line in a skipped .ifdef
// branch (with other macros that line may be a precondition).

import { ROUTER_PASS_OPTIONS, TAKES_EVERY_ADDRESS } from '../facts/driverRules';
import { ROUTER_OPTIONS } from '../facts/names';
import type { Instance } from '../syntax/document';
import type { OptionNode } from '../syntax/tree';
import type { CheckContext } from './context';
import { lineLabel } from './labels';

export function checkRouterFlow(ctx: CheckContext): void {
  const section = ctx.doc.sections.find((s) => s.name === 'routers');
  if (!section) return;
  const routers = section.instances.filter((r) => !r.header.inactive);
  // A router named by another's redirect_router or pass_router is run from there, skipping the
  // routers before it; so are the ones after it, when it declines.
  const named = new Set(section.lines.filter((l) => l.node.kind === 'option' && ROUTER_OPTIONS.some((o) => o.name === (l.node as OptionNode).name.text)).map((l) => (l.node as OptionNode).value?.text.trim()));
  for (let k = 0; k < routers.length - 1; k++) {
    const r = routers[k];
    if (!r.driver || !TAKES_EVERY_ADDRESS.has(r.driver.name) || mayPass(r) || ctx.skippedBetween(r.header, routers[k + 1].header)) continue;
    if (routers.slice(k + 1).some((x) => named.has(x.name))) return;
    const next = routers[k + 1];
    const node = next.header.node;
    const span = node.kind === 'instanceHeader' ? node.name : { start: 0, end: next.header.text.length };
    const after = routers.length - k - 1;
    ctx.report(next.header, {
      start: span.start,
      end: span.end,
      code: 'router-unreachable',
      message: `no address reaches this router: "${r.name}" (${lineLabel(r.header, next.header, ctx.doc)}) is an accept router with no precondition (domains, local_parts, senders, condition ...) and no "unseen", so it takes every address, and the ${after === 1 ? 'router' : `${after} routers`} after it never run. Give "${r.name}" the precondition it was meant to have, or move it after them`,
    });
    const diag = ctx.diagnostics[ctx.diagnostics.length - 1];
    const head = r.header.node;
    const name = head.kind === 'instanceHeader' ? head.name : { start: 0, end: r.header.text.length };
    diag.related = [{ file: r.header.map.fileOf(0), range: r.header.map.range(name.start, name.end), message: `"${r.name}" takes every address` }];
    return;
  }
}

/**
 * Whether the router sets an option that can pass an address on (`no_verify` and the like
 * included), or has no transport (Exim refuses that accept router anyway: router-transport-required).
 */
function mayPass(r: Instance): boolean {
  const names = r.lines.filter((l) => l.node.kind === 'option').map((l) => (l.node as OptionNode).name.text);
  return !names.includes('transport') || names.some((n) => ROUTER_PASS_OPTIONS.has(n.replace(/^not?_/, '')));
}

