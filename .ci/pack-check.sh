#!/usr/bin/env bash
# Installs fc as a user would, from the packed tarball: into an empty folder,
# with npm 12's default script policy (no dependency install scripts), and a
# PATH that holds no compiler (no cc, gcc, g++, make, python) — then runs
# `fc demo` and the second name. Usage: .ci/pack-check.sh <node-bin-dir>
set -euo pipefail
node_bin="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A bin folder with only what npm and fc need: node, npm/npx, a shell and the basics.
mkdir -p "$work/bin" "$work/app" "$work/home"
ln -s "$node_bin/node" "$work/bin/node"
for tool in sh bash env mkdir rm cat ls uname tar gzip wc grep tail tee head; do
  p="$(command -v "$tool")" && ln -s "$p" "$work/bin/$tool"
done
ln -s "$(readlink -f "$(command -v npm)")" "$work/bin/npm"
ln -s "$(readlink -f "$(command -v npx)")" "$work/bin/npx"
export PATH="$work/bin"
for cc in cc gcc g++ c++ make python3 node-gyp; do
  if command -v "$cc" >/dev/null 2>&1; then echo "pack-check: $cc is still on PATH" >&2; exit 1; fi
done

cd "$root"
tarball="$(npm pack --silent --pack-destination "$work")"
size=$(wc -c <"$work/$tarball")
echo "pack-check: $tarball is $size bytes"
[ "$size" -lt 1000000 ] || { echo "pack-check: the tarball is over 1 MB" >&2; exit 1; }
files="$(tar -tzf "$work/$tarball")"
grep -qx 'package/LICENSE' <<<"$files" || { echo "pack-check: no LICENSE in the tarball" >&2; exit 1; }
grep -qx 'package/dist/THIRD_PARTY_NOTICES.md' <<<"$files" || { echo "pack-check: no third-party notices in the tarball" >&2; exit 1; }
if grep -q '\.map$' <<<"$files"; then echo "pack-check: source maps in the tarball" >&2; exit 1; fi

cd "$work/app"
echo '{"name":"pack-check","private":true}' >package.json
export HOME="$work/home" npm_config_cache="$work/home/.npm-cache"
npx -y npm@12 --version
npx -y npm@12 install --no-audit --no-fund "$work/$tarball" 2>&1 | tee "$work/install.log"
if grep -Eq 'node-gyp|prebuild-install' "$work/install.log"; then echo "pack-check: the install compiled something" >&2; exit 1; fi
# npm 12 warns about every install script it blocked; fincon must have none to block.
if grep -q 'install-scripts' "$work/install.log"; then echo "pack-check: npm 12 blocked an install script of fincon's" >&2; exit 1; fi
FC_HOME="$work/fc-home" npx fc demo >"$work/demo.out"
tail -3 "$work/demo.out"
export FC_HOME="$work/fc-home"
id="$(npx fincon customers create --email pack-check@example.com --json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).id')"
npx fc customers list --json | node -e 'const l = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!l.some((c) => c.id === process.argv[1])) process.exit(1)' "$id"
echo "pack-check: fincon created $id and fc lists it"
echo "pack-check: ok"
