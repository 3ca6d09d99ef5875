// IPv6 addresses in a list separated by ":". Exim splits such a list at every single colon and
// reads "::" as one literal colon, so `127.0.0.1 : ::1` holds the items "127.0.0.1" and ":1":
// the address never matches (host lists) or is refused when the daemon starts (local_interfaces).
// The address must be written with every colon doubled (`::::1`), or the list given another
// separator (`<; 127.0.0.1 ; ::1`). Exim -bV says nothing about either mistake.

import type { ConfigLine } from '../syntax/document';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { LineMemo, lineContext } from './lineMemo';
import { listValue, type ListValue } from './lists';
import { readQuoted } from '../syntax/strings';

/** Lists of IP addresses that are not host lists, with what goes wrong there. */
const ADDRESS_LISTS: Record<string, string> = {
  'main/local_interfaces': 'the daemon refuses to start',
  'main/extra_local_interfaces': 'the daemon refuses to start',
  'transports/interface': 'the transport cannot bind to it',
};

const cache = new LineMemo<LineDiagnostic[]>();

export function checkIpv6Lists(ctx: CheckContext): void {
  for (const line of ctx.doc.lines) {
    if (!line.text.includes('::') && !/:[0-9a-fA-F]*:/.test(line.text)) continue;
    const found = cache.get(line, lineContext(line), () => lineFindings(line));
    for (const d of found) ctx.report(line, d);
  }
}

function lineFindings(line: ConfigLine): LineDiagnostic[] {
  const list = addressList(line);
  if (!list) return [];
  const { text, offsets } = list.value;
  let p = 0;
  while (/\s/.test(text[p] ?? '')) p++;
  if (text[p] === '<' && text[p + 1] !== undefined && text[p + 1] !== ':' && /[!-/:-@[-`{-~]/.test(text[p + 1])) return [];
  const out: LineDiagnostic[] = [];
  for (const m of text.matchAll(/[^\s]+/g)) {
    const word = m[0].replace(/^!/, '');
    const at = m.index! + m[0].length - word.length;
    if (!isIpv6(word)) continue;
    const doubled = word.replace(/:/g, '::');
    out.push({
      start: offsets[at],
      end: offsets[at + word.length - 1] + 1,
      code: 'list-ipv6-colons',
      message: `Exim splits this list at single colons and reads "::" as one colon, so it never sees the IPv6 address ${word}: ${list.effect}. Double every colon (${doubled}), or start the list with "<;" and separate its items with ";"`,
      fixes: [{ title: `Double the colons: ${doubled}`, edits: [{ start: offsets[at], end: offsets[at + word.length - 1] + 1, newText: doubled }] }],
    });
  }
  return out;
}

function addressList(line: ConfigLine): { value: ListValue | { text: string; offsets: number[] }; effect: string } | undefined {
  const list = listValue(line);
  if (list) return list.kind === 'host' ? { value: list, effect: 'the item never matches' } : undefined;
  const node = line.node;
  if (node.kind !== 'option' || !node.value) return undefined;
  const effect = ADDRESS_LISTS[`${line.section}/${node.name.text}`];
  if (!effect || (line.section === 'transports' && line.instance?.driver?.name !== 'smtp')) return undefined;
  const raw = node.value.text;
  if (raw.startsWith('"')) {
    const d = readQuoted(raw, 0);
    return { value: { text: d.value, offsets: [...d.map.source.map((o) => node.value!.start + o), node.value.start + d.map.end] }, effect };
  }
  return { value: { text: raw, offsets: Array.from({ length: raw.length + 1 }, (_, i) => node.value!.start + i) }, effect };
}

/** An IPv6 address as written by people, with an optional /prefix length. */
export function isIpv6(word: string): boolean {
  const m = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(word);
  if (!m || (m[2] !== undefined && Number(m[2]) > 128)) return false;
  let address = m[1];
  // An IPv4 address at the end stands for two groups (::ffff:192.0.2.1).
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (v4) {
    if (v4[1].split('.').some((o) => Number(o) > 255)) return false;
    address = address.slice(0, address.length - v4[1].length) + '0:0';
  }
  if (address.includes('.')) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const count = (s: string) => (s === '' ? 0 : s.split(':').length);
  const valid = (s: string) => s === '' || s.split(':').every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
  if (!halves.every(valid)) return false;
  if (halves.length === 1) return count(halves[0]) === 8;
  return count(halves[0]) + count(halves[1]) < 8;
}
