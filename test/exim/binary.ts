// Where the tests find Debian's Exim (installed by .ci/run), and what they say when it is missing.
import { existsSync } from 'node:fs';

export const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim', '/usr/bin/exim4', '/usr/bin/exim'].find((p) => existsSync(p));
export const NO_EXIM = "exim4 is not installed: these tests need Debian's exim4-daemon-heavy (.ci/run installs it)";
