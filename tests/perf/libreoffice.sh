#!/usr/bin/env bash
# For `make bench` only (never `make test`): install Debian's headless LibreOffice Writer, the
# yardstick for the "print" group, when neither `soffice` nor `libreoffice` is on PATH.
# Never fails the bench: if it cannot be installed, the print group reports it as not available.
set -uo pipefail
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench: LibreOffice not found and no apt-get; the print group will report it as not available." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "bench: LibreOffice not found and not root; the print group will report it as not available." >&2
  exit 0
fi
echo "bench: installing libreoffice-writer-nogui (for the print group's comparison)…" >&2
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; then
  echo "bench: libreoffice-writer-nogui installed in $(( $(date +%s) - start )) s" >&2
else
  echo "bench: could not install libreoffice-writer-nogui; the print group will report it as not available." >&2
fi
exit 0
