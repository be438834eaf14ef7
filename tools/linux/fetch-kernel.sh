#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Fetches Debian's Linux kernel package without installing it and leaves:
#   OUT/vmlinuz          the bzImage (Linux x86 boot protocol, boot.rst)
#   OUT/KERNEL-VERSION   package=, version=, vmlinuz= and sha256= lines
#   OUT/pkg/             the whole package, extracted (modules, config)
#   OUT/*.deb            the downloaded package
# OUT is the first argument, else $BUILD/linux, else build/linux.
#
# The package is the one the metapackage linux-image-cloud-amd64 depends on
# (Debian's small kernel for virtual machines); linux-image-amd64 if apt
# does not know the cloud one. Works as root and as a normal user: apt-get
# download writes into the current directory and dpkg-deb -x needs no root.
# Nothing is downloaded when OUT/vmlinuz and OUT/KERNEL-VERSION exist; delete
# them to fetch again.
set -euo pipefail
shopt -s nullglob

out=${1:-${BUILD:-build}/linux}
fail() {
	echo "fetch-kernel: $*" >&2
	exit 1
}

if [ -s "$out/vmlinuz" ] && [ -s "$out/KERNEL-VERSION" ]; then
	echo "fetch-kernel: $out/vmlinuz present ($(grep '^package=' "$out/KERNEL-VERSION" | cut -d= -f2)); delete it to fetch again"
	exit 0
fi
for tool in apt-cache apt-get dpkg-deb sha256sum; do
	command -v "$tool" >/dev/null || fail "$tool not found: run this on Debian (apt and dpkg)"
done
mkdir -p "$out"

# The metapackage's first "Depends: linux-image-<version>-<flavour>" line.
find_pkg() {
	pkg=
	for meta in linux-image-cloud-amd64 linux-image-amd64; do
		pkg=$(apt-cache depends "$meta" 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
		[ -n "$pkg" ] && break
		if [ "$meta" = linux-image-cloud-amd64 ]; then
			echo "fetch-kernel: apt knows no linux-image-cloud-amd64, trying linux-image-amd64" >&2
		fi
	done
}
find_pkg
# A fresh machine whose package lists were never fetched: as root, fetch them.
if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
	echo "fetch-kernel: running apt-get update" >&2
	apt-get update -qq && find_pkg
fi
[ -n "$pkg" ] || fail "apt knows neither linux-image-cloud-amd64 nor linux-image-amd64:" \
	"run 'apt-get update' as root (with Debian's main component in /etc/apt/sources.list" \
	"or sources.list.d) and try again"

debs=("$out/${pkg}"_*_amd64.deb)
deb=
[ ${#debs[@]} -eq 0 ] || deb=${debs[${#debs[@]} - 1]}
if [ -z "$deb" ]; then
	echo "fetch-kernel: downloading $pkg"
	tmp=$(mktemp -d "$out/download.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# As root apt drops to the _apt user, which cannot write to a root-owned
	# directory; download as root then (the file is checked against the
	# signed index all the same).
	sandbox=()
	if [ "$(id -u)" -eq 0 ]; then
		sandbox=(-o APT::Sandbox::User=root)
	fi
	(cd "$tmp" && apt-get download -q "${sandbox[@]}" "$pkg") ||
		fail "apt-get download $pkg failed: apt cannot reach the package. Check the network" \
		     "and run 'apt-get update' as root, then try again (or put ${pkg}_*_amd64.deb" \
		     "into $out by hand)"
	debs=("$tmp/${pkg}"_*_amd64.deb)
	[ ${#debs[@]} -eq 1 ] || fail "apt-get download $pkg left no single ${pkg}_*_amd64.deb in $tmp"
	deb=${debs[0]}
	mv "$deb" "$out/"
	deb=$out/$(basename "$deb")
fi

version=$(dpkg-deb -f "$deb" Version) || fail "$deb is not a Debian package: delete it and try again"
rm -rf "$out/pkg"
dpkg-deb -x "$deb" "$out/pkg" || fail "dpkg-deb -x $deb failed: delete it and try again"
images=("$out"/pkg/boot/vmlinuz-*)
[ ${#images[@]} -gt 0 ] || fail "$deb holds no boot/vmlinuz-*: not a kernel image package"
vmlinuz=${images[0]#"$out"/pkg/}

# vmlinuz last, through a temporary name: a present vmlinuz means it all worked.
cat >"$out/KERNEL-VERSION" <<EOF
package=$pkg
version=$version
vmlinuz=$vmlinuz
sha256=$(sha256sum "$out/pkg/$vmlinuz" | cut -d' ' -f1)
EOF
cp "$out/pkg/$vmlinuz" "$out/vmlinuz.tmp"
chmod 0644 "$out/vmlinuz.tmp"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
echo "fetch-kernel: $out/vmlinuz from $pkg $version"
