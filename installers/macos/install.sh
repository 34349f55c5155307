#!/bin/sh
# Builds switchrole, installs it in ~/Library/Application Support/SwitchRole/bin and registers it with every
# browser found. Usage: installers/macos/install.sh [switchrole install options, e.g. --browser firefox]
OS_NAME=macos
RID_OS=osx
BIN_DIR="$HOME/Library/Application Support/SwitchRole/bin"
# In a source checkout the shared part is in ../lib; in an extracted release archive, in lib/.
if [ -f "$(dirname "$0")/lib/install-posix.sh" ]; then . "$(dirname "$0")/lib/install-posix.sh"; else . "$(dirname "$0")/../lib/install-posix.sh"; fi
