// A configuration with ACLs but without acl_smtp_rcpt: Exim then refuses every recipient given by
// SMTP, from other hosts and from this one (`-bs`), with "550 Administrative prohibition" (seen
// with Exim 4.96 -bh and -bs), while exim -bV accepts the file.  A file with no ACL at all is
// taken to be a host that only sends (or a test): nothing is said.  A warning when other
// acl_smtp_* options show that SMTP input is meant, a note otherwise.  Only said of a
// configuration that is all there: main options, routers and ACLs read, no `.include` left
// unread, the option not set in a skipped `.ifdef` branch either.

import type { ConfigLine } from '../syntax/document';
import type { CheckContext } from './context';
import { readsWhole } from './references';

export function checkRcptAcl(ctx: CheckContext): void {
  const doc = ctx.doc;
  const main = doc.sections[0];
  if (!main || main.name !== 'main' || main.lines.length === 0) return;
  if (!readsWhole(ctx)) return;
  if (!doc.sections.some((s) => s.name === 'acls' && s.instances.length > 0)) return;
  const sets = (l: ConfigLine) => l.node.kind === 'option' && l.node.name.text === 'acl_smtp_rcpt';
  const line = main.lines.find(sets);
  if (line && line.node.kind === 'option' && line.node.value && line.node.value.text.trim() !== '') return;
  if (ctx.inactiveLines().some((l) => l.section === 'main' && sets(l))) return;
  const at = line ?? main.lines.find((l) => l.map.fileOf(0) === 0 && l.node.kind === 'option');
  if (!at || at.node.kind !== 'option') return;
  const what = line ? 'acl_smtp_rcpt is empty' : 'this configuration defines ACLs but sets no acl_smtp_rcpt';
  const smtp = main.lines.find((l) => l.node.kind === 'option' && /^acl_smtp_/.test(l.node.name.text) && l.node.name.text !== 'acl_smtp_rcpt' && !!l.node.value?.text.trim());
  ctx.report(at, {
    start: at.node.name.start,
    end: at.node.name.end,
    code: 'no-rcpt-acl',
    severity: smtp ? 'warning' : 'information',
    message: `${what}: Exim then refuses every recipient given by SMTP, from other hosts and from this one, with "550 Administrative prohibition" (exim -bV does not say so). That suits a host that only sends mail handed to it on the command line; to receive mail by SMTP, name an ACL, e.g. acl_smtp_rcpt = acl_check_rcpt`,
  });
}
