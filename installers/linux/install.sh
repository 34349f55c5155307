#!/bin/sh
# Installs switchrole (a release archive with --from-archive FILE, else built from source) in
# ~/.local/share/SwitchRole/bin and registers it with every browser found.
# Usage: installers/linux/install.sh [--from-archive FILE] [switchrole install options, e.g. --browser firefox]
OS_NAME=linux
RID_OS=linux
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/SwitchRole/bin"
# In a source checkout the shared part is in ../lib; in an extracted release archive, in lib/.
if [ -f "$(dirname "$0")/lib/install-posix.sh" ]; then . "$(dirname "$0")/lib/install-posix.sh"; else . "$(dirname "$0")/../lib/install-posix.sh"; fi
# Earlier installs put the binary in .../switchrole/bin (lowercase, beside the data in .../SwitchRole): the browsers
# are registered with the new path now, so the old copy goes (never the data; -ef guards case-insensitive disks).
OLD_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole"
if [ -d "$OLD_DIR/bin" ] && [ ! "$OLD_DIR/bin" -ef "$BIN_DIR" ]; then
  rm -rf "$OLD_DIR/bin" && rmdir "$OLD_DIR" 2>/dev/null || true
  say "Removed the old binary folder $OLD_DIR/bin (SwitchRole keeps one folder: $(dirname "$BIN_DIR"))."
fi
