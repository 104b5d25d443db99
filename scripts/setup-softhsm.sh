#!/usr/bin/env bash
# Installs what the PKCS#11 signing tests need (test/sign/pkcs11.test.ts, bench/sign.bench.ts):
#   softhsm2   SoftHSM2, a real PKCS#11 token in software: libsofthsm2.so and softhsm2-util
# and makes sure the pkcs11js binding's native addon is built. npm ci builds it from source with
# node-gyp, against the Node headers under the install prefix (.npmrc: nodedir=/usr, where
# Debian's and NodeSource's nodejs put include/node): no header download, which is not reachable
# here. python3, make and g++ are the build tools it needs; they are installed when missing.
# Debian 12 packages; softhsm2 pinned to the version tested, with the distribution's current one
# as the fallback when a security update has replaced it. Idempotent, fast when all is there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

export DEBIAN_FRONTEND=noninteractive
SOFTHSM_VERSION="2.6.1-2.1"
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

SUDO=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo -E); fi

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

apt_install() {
  # apt-get update only when apt knows no candidate for one of the packages.
  local p cand need_update=0
  for p in "$@"; do
    cand="$(apt-cache policy "${p%%=*}" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; fi
  done
  if [ "$need_update" -eq 1 ]; then "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -q; fi
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends "$@"
}

if is_installed softhsm2; then
  echo "setup-softhsm: softhsm2 $(dpkg-query -W -f='${Version}' softhsm2) already installed"
else
  echo "setup-softhsm: installing softhsm2=$SOFTHSM_VERSION"
  if ! apt_install "softhsm2=$SOFTHSM_VERSION"; then
    echo "setup-softhsm: softhsm2 $SOFTHSM_VERSION is no longer offered; installing the distribution's current softhsm2" >&2
    apt_install softhsm2
  fi
  echo "setup-softhsm: softhsm2 $(dpkg-query -W -f='${Version}' softhsm2) installed"
fi
for lib in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
  if [ -e "$lib" ]; then echo "  module: $lib"; break; fi
done

# The binding: built by npm ci; rebuilt here when that could not happen (build tools missing then).
if (cd "$root" && node -e "require('pkcs11js')") >/dev/null 2>&1; then
  echo "setup-softhsm: pkcs11js $(cd "$root" && node -p "require('pkcs11js/package.json').version") loads"
else
  missing=()
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v make >/dev/null 2>&1 || missing+=(make)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  if [ "${#missing[@]}" -gt 0 ]; then echo "setup-softhsm: installing build tools ${missing[*]}"; apt_install "${missing[@]}"; fi
  if [ ! -f /usr/include/node/node.h ]; then
    echo "setup-softhsm: no Node headers under /usr/include/node; install the nodejs package that ships them (libnode-dev on Debian's nodejs)" >&2
    exit 1
  fi
  version="$(cd "$root" && node -p "require('./package.json').optionalDependencies.pkcs11js")"
  echo "setup-softhsm: building the pkcs11js $version addon (headers from /usr/include/node)"
  if [ -d "$root/node_modules/pkcs11js" ]; then
    (cd "$root" && npm rebuild pkcs11js --nodedir=/usr --foreground-scripts >/dev/null)
  else
    # npm ci skips an optional dependency whose build failed: install it again now the tools are here.
    (cd "$root" && npm install --no-save --nodedir=/usr --foreground-scripts "pkcs11js@$version" >/dev/null)
  fi
  (cd "$root" && node -e "require('pkcs11js')")
  echo "setup-softhsm: pkcs11js built"
fi
