#!/usr/bin/env bash
# Packages the extension as cable-ls-<target>.vsix with the release cable-ls
# binary inside, so that users install one file. Needs Node.js 22 or later
# (for @vscode/vsce) and cargo. The target defaults to linux-x64; set
# VSCE_TARGET for another platform built on that platform. CABLE_LS_BIN
# packages an already built binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd ../.. && pwd)"
target="${VSCE_TARGET:-linux-x64}"

binary="${CABLE_LS_BIN:-}"
if [ -z "$binary" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  binary="${CARGO_TARGET_DIR:-$root/target}/release/cable-ls"
fi
mkdir -p server
cp "$binary" server/cable-ls

[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >&2
npx tsc --noEmit -p .
npx esbuild src/extension.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:vscode --outfile=dist/extension.js --minify --log-level=warning
npx vsce package --target "$target" --allow-missing-repository --skip-license \
  --out "cable-ls-$target.vsix" >&2
echo "$PWD/cable-ls-$target.vsix"
