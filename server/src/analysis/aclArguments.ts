// The values of ACL modifiers and conditions that Exim reads when the statement runs: `delay` (a
// time), `queue` (a queue name), `udpsend` (host : port : data) and the options of `malware`.
// A value Exim cannot read makes the statement defer (a 451 for the client), so these are
// warnings. Values that hold an expansion are known only after expansion and are left alone.
// Each message was checked against Exim 4.96 (exim -bh).

import { correctTime, readTime } from '../retry/time';
import type { Token } from '../syntax/tree';
import type { LineDiagnostic } from './diagnostic';
import { splitList } from './lists';

type Check = (out: LineDiagnostic[], value: Token) => void;

const say = (out: LineDiagnostic[], start: number, end: number, message: string, fix?: { title: string; newText: string }) =>
  out.push({ start, end: Math.max(end, start + 1), code: 'acl-value', message, fixes: fix && [{ title: fix.title, edits: [{ start, end, newText: fix.newText }], preferred: true }] });

/** `delay = 30s`: a time as readconf_readtime reads it, no fractions. */
const delay: Check = (out, value) => {
  const v = value.text.trim();
  if (v.includes('$') || readTime(v) >= 0) return;
  const start = value.start + value.text.indexOf(v);
  const meant = correctTime(v);
  say(out, start, start + v.length, `"${v}" is not a time: delay takes whole units, such as 30s or 1m${meant ? ` (here ${meant})` : ''} (Exim: syntax error in argument for "delay" modifier: "${v}" is not a time value)`, meant ? { title: `Change to "${meant}"`, newText: meant } : undefined);
};

/** `queue = name`: a queue is a directory of the spool, so its name holds no "/". */
const queue: Check = (out, value) => {
  const v = value.text.trim();
  const slash = v.indexOf('/');
  if (v.includes('$') || slash < 0) return;
  const start = value.start + value.text.indexOf(v);
  say(out, start + slash, start + slash + 1, `a queue name cannot hold "/": each named queue is a directory of the spool (Exim: Directory separator not permitted in queue name: '${v}')`);
};

/** `udpsend = host : port : data`, an Exim list (`<;` for IPv6 hosts). */
const udpsend: Check = (out, value) => {
  // An empty host (a leading colon) is looked up as such: what follows is not read here.
  if (value.text.includes('$') || /^\s*:(?!:)/.test(value.text)) return;
  const items = splitList(value.text);
  if (items.length < 2) {
    // "host port data" written with spaces: the colons are what was meant (data with a colon would need it doubled).
    const spaced = /^(\s*)(\S+)\s+(\d+)(?:\s+([^:]*?))?\s*$/.exec(value.text);
    const meant = spaced ? `${spaced[2]} : ${spaced[3]}${spaced[4] ? ` : ${spaced[4]}` : ''}` : undefined;
    say(out, value.start, value.end, `udpsend takes a host, a port and the data, separated by colons, as in "127.0.0.1 : 514 : text" (Exim: missing destination port in "udpsend" modifier)`, meant ? { title: `Change to "${meant}"`, newText: meant } : undefined);
    return;
  }
  const port = items[1];
  if (!/^\s*[+-]?\d+\s*$/.test(port.text)) {
    say(out, value.start + port.start, value.start + port.end, `"${port.text.trim()}" is not a port number: udpsend wants the port as digits (Exim: bad destination port in "udpsend" modifier)`);
  }
};

/** `malware = scanner/options`: a `tmo=` option needs a time. */
const malware: Check = (out, value) => {
  if (value.text.includes('$')) return;
  let at = value.text.indexOf('/');
  while (at >= 0) {
    const next = value.text.indexOf('/', at + 1);
    const option = value.text.slice(at + 1, next < 0 ? undefined : next).trim();
    if (option.startsWith('tmo=') && readTime(option.slice(4)) < 0) {
      const start = value.start + value.text.indexOf(option, at);
      say(out, start, start + option.length, `"${option.slice(4)}" is not a time: tmo= takes one such as 30s or 2m (Exim: bad timeout value in '${option}')`);
    }
    at = next;
  }
};

/** The checks by the name of the condition or modifier whose value they read. */
export const ARGUMENT_CHECKS: Readonly<Record<string, Check>> = { delay, queue, udpsend, malware };
