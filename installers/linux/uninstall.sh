#!/bin/sh
# Removes what installers/linux/install.sh put in place (registrations and binary), keeping your roles.
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/SwitchRole/bin"
# An install from before the folders were unified keeps its binary in the lowercase folder.
OLD_BIN="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole/bin"
if [ ! -x "$BIN_DIR/switchrole" ] && [ -x "$OLD_BIN/switchrole" ]; then BIN_DIR="$OLD_BIN"; fi
# In a source checkout the shared part is in ../lib; in an extracted release archive, in lib/.
if [ -f "$(dirname "$0")/lib/uninstall-posix.sh" ]; then . "$(dirname "$0")/lib/uninstall-posix.sh"; else . "$(dirname "$0")/../lib/uninstall-posix.sh"; fi
