#!/usr/bin/env bash
# Installs what the wine-based batch tests need (test/wine, test/support/wine.ts):
#   wine64                 64-bit wine: /usr/lib/wine/wine64, wineserver, cmd.exe
#   gcc-mingw-w64-x86-64   x86_64-w64-mingw32-gcc, builds test/support/recorder/recorder.c
# Debian 12 packages only, no pinning. Idempotent and fast when everything is installed.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
PKGS=(wine64 gcc-mingw-w64-x86-64)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

print_versions() {
  local p
  for p in "${PKGS[@]}"; do
    printf '  %-24s %s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo '?')"
  done
  if [ -x /usr/lib/wine/wine64 ]; then
    printf '  %-24s %s\n' "wine64 --version" "$(/usr/lib/wine/wine64 --version 2>/dev/null || echo '?')"
  fi
  if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    printf '  %-24s %s\n' "mingw gcc" "$(x86_64-w64-mingw32-gcc -dumpversion 2>/dev/null || echo '?')"
  fi
}

missing=()
for p in "${PKGS[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-wine: already installed:"
  print_versions
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -E); else
    echo "setup-wine: missing ${missing[*]} and not root (no sudo)" >&2
    exit 1
  fi
fi

APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# apt-get update only when apt does not know an installable candidate for a missing package.
need_update=0
for p in "${missing[@]}"; do
  cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; fi
done
if [ "$need_update" -eq 1 ]; then
  echo "setup-wine: apt-get update (package lists do not know: ${missing[*]})"
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -q
fi

echo "setup-wine: installing ${missing[*]}"
start=$(date +%s)
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends "${missing[@]}"
echo "setup-wine: installed in $(( $(date +%s) - start )) s:"
print_versions
