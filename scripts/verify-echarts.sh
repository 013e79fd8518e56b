#!/usr/bin/env bash
# verify-echarts.sh — check that the committed ECharts build is the one published on npm.
#
# Reads the version and SHA-256 recorded in themes/default/static/assets/echarts/VERSION,
# re-fetches that version of the npm package "echarts" with `npm pack` (which itself checks
# the tarball against the registry's integrity hash), and verifies that
#   1. the registry's dist/echarts.min.js has the recorded SHA-256, and
#   2. the committed echarts.min.js has the recorded SHA-256.
# Exits 0 when both hold, non-zero with a message otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/themes/default/static/assets/echarts"
version_file="$dir/VERSION"
committed="$dir/echarts.min.js"

die() { echo "verify-echarts: $*" >&2; exit 1; }

[[ -f "$version_file" ]] || die "missing $version_file"
[[ -f "$committed" ]] || die "missing $committed"
command -v npm >/dev/null || die "npm not found (install Node.js and npm)"
command -v sha256sum >/dev/null || die "sha256sum not found (install coreutils)"

version="$(awk '$1 == "echarts" { print $2 }' "$version_file")"
recorded="$(awk '$1 == "sha256" && $3 == "echarts.min.js" { print $2 }' "$version_file")"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "no 'echarts X.Y.Z' line in $version_file"
[[ "$recorded" =~ ^[0-9a-f]{64}$ ]] || die "no 'sha256 <hex>  echarts.min.js' line in $version_file"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "verify-echarts: fetching echarts@$version from the npm registry"
tarball="$(cd "$tmp" && npm pack --silent "echarts@$version" 2>/dev/null | tail -n 1)"
[[ -n "$tarball" && -f "$tmp/$tarball" ]] || die "npm pack echarts@$version failed"
tar -xzf "$tmp/$tarball" -C "$tmp" package/dist/echarts.min.js ||
	die "dist/echarts.min.js not found in echarts@$version"

upstream="$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)"
local_sum="$(sha256sum "$committed" | cut -d' ' -f1)"

fail=0
if [[ "$upstream" != "$recorded" ]]; then
	echo "verify-echarts: MISMATCH: npm echarts@$version dist/echarts.min.js has sha256 $upstream, VERSION records $recorded" >&2
	fail=1
fi
if [[ "$local_sum" != "$recorded" ]]; then
	echo "verify-echarts: MISMATCH: committed ${committed#"$root"/} has sha256 $local_sum, VERSION records $recorded" >&2
	fail=1
fi
((fail == 0)) || exit 1

echo "verify-echarts: OK echarts $version sha256 $recorded"
