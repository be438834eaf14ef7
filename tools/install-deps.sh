#!/bin/bash
# Installs the Debian packages nestlab needs, when they are missing.
# As root: apt-get update + apt-get install -y. Otherwise: prints the exact
# command and fails, so nothing later runs half-equipped.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "nestlab: missing Debian packages: ${missing[*]}" >&2
	echo "nestlab: install them with:  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "nestlab: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd >/dev/null
