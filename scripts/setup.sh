#!/usr/bin/env bash
# Installs everything the test suite runs generated code in: pwsh + Pester (NuGet), wine's cmd.exe
# and the MinGW compiler for the certutil stand-in (Debian), osslsigncode (Debian), SoftHSM2 as the
# PKCS#11 token of the signing tests (Debian) with the pkcs11js addon built. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup-pwsh.sh"
bash "$here/setup-wine.sh"
bash "$here/setup-softhsm.sh"
if command -v osslsigncode >/dev/null 2>&1; then
  echo "osslsigncode: $(osslsigncode --version 2>&1 | head -n 1)"
else
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends osslsigncode >/dev/null
  echo "osslsigncode: installed $(osslsigncode --version 2>&1 | head -n 1)"
fi
