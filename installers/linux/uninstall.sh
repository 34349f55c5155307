#!/bin/sh
# Removes what installers/linux/install.sh put in place (registrations and binary), keeping your roles.
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole/bin"
# In a source checkout the shared part is in ../lib; in an extracted release archive, in lib/.
if [ -f "$(dirname "$0")/lib/uninstall-posix.sh" ]; then . "$(dirname "$0")/lib/uninstall-posix.sh"; else . "$(dirname "$0")/../lib/uninstall-posix.sh"; fi
