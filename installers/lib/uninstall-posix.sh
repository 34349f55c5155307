# Shared by installers/{linux,macos}/uninstall.sh (sourced). Removes the registrations and the binary;
# keeps the database (your roles).
set -eu
if [ -x "$BIN_DIR/switchrole" ]; then
  # Every browser found, unless the arguments name one (--browser given twice is a usage error).
  case " $* " in *" --browser "*|*" --browser="*) ALL="" ;; *) ALL="--browser all" ;; esac
  "$BIN_DIR/switchrole" uninstall $ALL "$@"
fi
rm -rf "$BIN_DIR"
printf 'Removed %s. Your roles are kept; delete the SwitchRole data folder yourself if you want them gone.\n' "$BIN_DIR"
