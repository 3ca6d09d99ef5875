#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code served to a browser; the last release that runs on
# Node 20) into .e2e/code-server, which git ignores, for the end-to-end test (npm run test:e2e).
# Needs the npm registry, a C++ tool chain and Kerberos headers (Debian: g++ make python3
# libkrb5-dev) for its native modules, and Debian's ripgrep (see below).  Chromium comes from
# the system (apt-get install chromium).  Does nothing when that version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.100.3
dir=.e2e/code-server
installed=$(node -p "try { require('./$dir/node_modules/code-server/package.json').version } catch { '' }")
if [ "$installed" = "$version" ] && [ -x "$dir/node_modules/.bin/code-server" ]; then
  echo "code-server $version is already in $dir"
  exit 0
fi

# code-server's VS Code downloads a ripgrep binary from GitHub while it installs; it first looks in
# a cache folder, so put Debian's rg there and nothing needs downloading.
rg_cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ "$(uname -m)" = x86_64 ] && [ ! -f "$rg_archive" ]; then
  rg_bin=$(command -v rg || true)
  if [ -n "$rg_bin" ]; then
    staging=$(mktemp -d)
    cp "$rg_bin" "$staging/rg"
    mkdir -p "$rg_cache"
    tar czf "$rg_archive" -C "$staging" rg
    rm -rf "$staging"
  else
    echo "warning: no rg on the PATH (apt-get install ripgrep); code-server's install will try to download one" >&2
  fi
fi

rm -rf "$dir"
mkdir -p "$dir"
# npm 11 runs the install scripts of only the packages listed in allowScripts; code-server's
# postinstall builds VS Code's native modules, argon2's fetches or builds its binding.
cat > "$dir/package.json" <<'EOF'
{
  "name": "exim-e2e-code-server",
  "private": true,
  "description": "code-server for the end-to-end test of the Exim extension (scripts/e2e-setup.sh)",
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
cd "$dir"
# code-server's postinstall insists on unsafe-perm when run as root, and one of VS Code's native
# modules runs `npx node-gyp`, which must not stop to ask whether to install it.
npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --foreground-scripts "code-server@$version"
# It runs (with its own files kept out of the home folder).
scratch=$(mktemp -d)
XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" ./node_modules/.bin/code-server --version
rm -rf "$scratch"
echo "code-server $version installed in $dir"
