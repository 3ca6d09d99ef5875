// Tainted data in file names (Exim 4.94 and later), as real deliveries with Exim 4.96 showed:
// file = /tmp/mb/${lc:$local_part} defers "Tainted '/tmp/mb/u' (file or directory name for t
// transport) not permitted"; through a lookup, or under the create_file directory, it delivers;
// ${lookup{$local_part}lsearch{/tmp/$domain}} fails "Tainted filename for search".

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { codes, run, textAt } from '../helpers';

const transport = (...options: string[]) => ['begin transports', 't:', '  driver = appendfile', ...options];
const found = (...lines: string[]) => run(...lines).diagnostics.filter((d) => d.code === 'tainted-file-name').map((d) => textAt(lines.join('\n') + '\n', d));

test('an appendfile file or directory named with message data is a warning', () => {
  assert.deepEqual(found(...transport('file = /var/mail/$local_part')), ['$local_part']);
  assert.deepEqual(found(...transport('file = /var/mail/${lc:$local_part}')), ['$local_part'], 'an operator keeps the taint');
  assert.deepEqual(found(...transport('directory = /srv/mail/$domain/${local_part}/Maildir', 'maildir_format')), ['$domain', '${local_part}']);
  assert.deepEqual(found(...transport('file = /var/mail/${if eq{$domain}{a.example}{a}{$h_x-user:}}')), ['$h_x-user:'], 'the condition is not in the name');
  const [d] = run(...transport('file = /var/mail/$local_part')).diagnostics;
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /Use \$local_part_data/);
});

test('untainted forms are left alone: a lookup result, $local_part_data, a name under create_file, other transports', () => {
  assert.deepEqual(found(...transport('file = /var/mail/${lookup{$local_part}lsearch{/etc/mail/users}{$value}{nobody}}')), []);
  assert.deepEqual(found(...transport('file = /var/mail/$local_part_data')), []);
  assert.deepEqual(found(...transport('file = /var/mail/$local_part', 'create_file = /var/mail')), []);
  assert.deepEqual(found(...transport('file = /home/$local_part/mbox', 'create_file = /var/mail')), ['$local_part'], 'outside create_file it is still refused');
  assert.deepEqual(found('begin transports', 't:', '  driver = pipe', '  command = /usr/bin/procmail -d $local_part'), []);
});

test('the file of a single-key lookup named with message data is a warning; a query is not', () => {
  assert.deepEqual(found('begin routers', 'r:', '  driver = redirect', '  data = ${lookup{$local_part}lsearch{/etc/aliases.d/$domain}}'), ['$domain']);
  assert.deepEqual(found('begin routers', 'r:', '  driver = redirect', '  data = ${lookup{$local_part}partial-lsearch*@{/etc/$domain}}'), ['$domain']);
  assert.deepEqual(found('begin routers', 'r:', '  driver = redirect', '  data = ${lookup{$local_part}lsearch{/etc/aliases.d/$domain_data}}'), []);
  assert.deepEqual(found('begin routers', 'r:', '  driver = redirect', '  data = ${lookup mysql{select x from t where d=${quote_mysql:$domain}}}'), []);
  assert.deepEqual(codes(run('begin routers', 'r:', '  driver = redirect', '  data = ${lookup{$local_part}lsearch{/etc/aliases}}')), []);
});
