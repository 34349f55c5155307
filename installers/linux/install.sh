#!/bin/sh
# Installs switchrole (a release archive with --from-archive FILE, else built from source) in ~/.local/share/switchrole/bin and registers it with every browser found.
# Usage: installers/linux/install.sh [switchrole install options, e.g. --browser firefox]
OS_NAME=linux
RID_OS=linux
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole/bin"
# In a source checkout the shared part is in ../lib; in an extracted release archive, in lib/.
if [ -f "$(dirname "$0")/lib/install-posix.sh" ]; then . "$(dirname "$0")/lib/install-posix.sh"; else . "$(dirname "$0")/../lib/install-posix.sh"; fi
