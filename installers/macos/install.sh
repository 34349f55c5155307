#!/bin/sh
# Builds switchrole, installs it in ~/Library/Application Support/SwitchRole/bin and registers it with every
# browser found. Usage: installers/macos/install.sh [switchrole install options, e.g. --browser firefox]
OS_NAME=macos
RID_OS=osx
BIN_DIR="$HOME/Library/Application Support/SwitchRole/bin"
. "$(dirname "$0")/../lib/install-posix.sh"
