// The routes of a manualroute router: `route_list = domains hosts [options]; ...` and
// `route_data = hosts [options]`. The hosts of a route look like a host list but are not one:
// Exim splits them at ":" and looks each up as a host name, so a `+name` there is looked up as
// the host "+name" and routing defers (exim -bt: lookup of host "+smart" failed in r router).
// Quoting `${listnamed:name}` gives the list's hosts.

import type { ConfigLine } from '../syntax/document';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { LineMemo, lineContext } from './lineMemo';
import { splitList } from './lists';

const cache = new LineMemo<LineDiagnostic[]>();

export function checkRouteLists(ctx: CheckContext): void {
  for (const section of ctx.doc.sections) {
    if (section.name !== 'routers') continue;
    for (const instance of section.instances) {
      if (instance.driver?.name !== 'manualroute') continue;
      for (const line of instance.lines) {
        const node = line.node;
        if (node.kind !== 'option' || !node.value || !line.text.includes('+')) continue;
        const name = node.name.text;
        if (name !== 'route_list' && name !== 'route_data') continue;
        for (const d of cache.get(line, lineContext(line), () => lineFindings(line, name === 'route_list'))) ctx.report(line, d);
      }
    }
  }
}

function lineFindings(line: ConfigLine, withDomains: boolean): LineDiagnostic[] {
  const node = line.node;
  if (node.kind !== 'option' || !node.value) return [];
  const value = node.value;
  const out: LineDiagnostic[] = [];
  // The routes of route_list are separated by ";" unless the value chooses another separator.
  const own = /^\s*<[!-/:-@[-`{-~]/.test(value.text);
  const routes = !withDomains ? [{ start: 0, end: value.text.length, text: value.text }] : own ? splitList(value.text) : splitList(`<; ${value.text}`).map((r) => ({ ...r, start: r.start - 3 }));
  for (const route of routes) {
    const hosts = hostsOf(route.text, withDomains);
    if (!hosts || hosts.text.includes('$')) continue;
    for (const item of splitList(hosts.text)) {
      // A lone "+" divides the hosts into groups for hosts_randomize.
      if (!item.text.startsWith('+') || item.text === '+') continue;
      const list = item.text.slice(1);
      const start = value.start + route.start + hosts.start + item.start;
      const whole = hosts.text.trim() === item.text && !hosts.quoted;
      out.push({
        start,
        end: start + item.text.length,
        code: 'route-hosts-named-list',
        message: `the hosts of a route are not a host list: Exim looks "${item.text}" up as a host name, and routing defers (Exim: lookup of host "${item.text}" failed). For the hosts of the named list write "\${listnamed:${list}}", in quotes`,
        fixes: whole ? [{ title: `Write "\${listnamed:${list}}"`, edits: [{ start, end: start + item.text.length, newText: `"\${listnamed:${list}}"` }] }] : undefined,
      });
    }
  }
  return out;
}

/** Where the hosts of one route are in its text: after the domain pattern, quoted or one word. */
function hostsOf(route: string, withDomains: boolean): { start: number; text: string; quoted: boolean } | undefined {
  let p = 0;
  const skipSpace = () => {
    while (p < route.length && /\s/.test(route[p])) p++;
  };
  skipSpace();
  if (withDomains) {
    while (p < route.length && !/\s/.test(route[p])) p++;
    skipSpace();
  }
  if (p >= route.length) return undefined;
  if (route[p] === '"') {
    const close = route.indexOf('"', p + 1);
    const end = close < 0 ? route.length : close;
    return { start: p + 1, text: route.slice(p + 1, end), quoted: true };
  }
  const start = p;
  while (p < route.length && !/\s/.test(route[p])) p++;
  return { start, text: route.slice(start, p), quoted: false };
}
