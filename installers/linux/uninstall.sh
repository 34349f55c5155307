#!/bin/sh
# Removes what installers/linux/install.sh put in place (registrations and binary), keeping your roles.
BIN_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/switchrole/bin"
. "$(dirname "$0")/../lib/uninstall-posix.sh"
