#!/bin/sh
# Removes what installers/macos/install.sh put in place (registrations and binary), keeping your roles.
BIN_DIR="$HOME/Library/Application Support/SwitchRole/bin"
. "$(dirname "$0")/../lib/uninstall-posix.sh"
