#!/bin/sh
# Builds switchrole, installs it in ~/.local/share/switchrole/bin and registers it with every browser found.
# Usage: installers/linux/install.sh [switchrole install options, e.g. --browser firefox]
OS_NAME=linux
RID_OS=linux
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole/bin"
. "$(dirname "$0")/../lib/install-posix.sh"
