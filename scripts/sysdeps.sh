#!/usr/bin/env bash
# Install the Debian/Ubuntu packages that Qt (offscreen) and the tests need, if any are missing.
# Does nothing when all are present, or on a system without dpkg (it then says what to install).
# CUPS with its PDF printer lets tests/gui/test_cups_print.py print through a real print queue
# (the test starts cupsd itself when it is not running, so no service manager is needed).
# The libxcb ones let `make run` open a real window under X11 (Qt's xcb plugin needs them from Qt 6.5).
set -euo pipefail
packages=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core poppler-utils zbar-tools age
          cups cups-client printer-driver-cups-pdf
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian-like system; make sure Qt 6's libraries, poppler-utils and CUPS (with CUPS-PDF) are installed." >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "sysdeps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "sysdeps: please install as root: apt-get install ${missing[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
