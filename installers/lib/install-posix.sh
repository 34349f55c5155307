# Shared by installers/linux/install.sh and installers/macos/install.sh (sourced, not run).
# Builds switchrole, copies it into a per-user bin folder, registers it with every browser found,
# builds the extension and says what to do next. Safe to run again: the result is the same.
# Expects: OS_NAME (linux|macos), BIN_DIR, RID_OS (linux|osx), and "$@" = extra `switchrole install` options.

set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf '%s\n' "$*"; }
fail() { printf 'switchrole installer: %s\n' "$*" >&2; exit 1; }

# --- prerequisites -------------------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  if [ "$OS_NAME" = macos ]; then
    fail "the .NET 10 SDK is needed to build switchrole. Get it from https://dotnet.microsoft.com/download/dotnet/10.0 (or: brew install --cask dotnet-sdk), then run this again."
  fi
  fail "the .NET 10 SDK is needed to build switchrole. Get it from https://dotnet.microsoft.com/download/dotnet/10.0 (Debian/Ubuntu: sudo apt-get install dotnet-sdk-10.0), then run this again."
fi
if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  fail "switchrole needs the .NET 10 SDK; found only: $(dotnet --list-sdks | tr '\n' ' '). Get it from https://dotnet.microsoft.com/download/dotnet/10.0."
fi

case "$(uname -m)" in
  x86_64|amd64) ARCH=x64 ;;
  arm64|aarch64) ARCH=arm64 ;;
  *) fail "unsupported CPU $(uname -m): switchrole builds for x64 and arm64." ;;
esac
RID="$RID_OS-$ARCH"

# NativeAOT links with the platform's C toolchain. Without it, publish self-contained: still no separately
# installed .NET runtime needed (a browser started from the desktop would not find one), only a slower start.
AOT=true
if [ "$OS_NAME" = macos ]; then
  if ! xcrun --find clang >/dev/null 2>&1; then
    AOT=false
    say "note: the Xcode command line tools are missing (install them with: xcode-select --install);"
    say "      building a self-contained switchrole instead of a native one (it starts more slowly)."
  fi
else
  if ! command -v clang >/dev/null 2>&1; then
    AOT=false
    say "note: clang is missing (Debian/Ubuntu: sudo apt-get install clang zlib1g-dev libsqlite3-dev; Fedora: sudo dnf install clang zlib-devel);"
    say "      building a self-contained switchrole instead of a native one (it starts more slowly)."
  elif [ ! -e /usr/include/sqlite3.h ]; then
    say "note: libsqlite3-dev is missing (Debian/Ubuntu: sudo apt-get install libsqlite3-dev): SQLite will sit beside"
    say "      switchrole as libe_sqlite3.so instead of being linked in (a slightly slower start)."
  fi
fi

# --- build -------------------------------------------------------------------------------------------------
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/switchrole-publish.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
say "Building switchrole for $RID ($( [ "$AOT" = true ] && echo native AOT || echo self-contained ))..."
if [ "$AOT" = true ]; then
  dotnet publish "$REPO/host/SwitchRole.Host" -c Release -r "$RID" -p:PublishAot=true -o "$STAGE/out" --nologo -v quiet \
    || fail "the build failed (output above)."
else
  dotnet publish "$REPO/host/SwitchRole.Host" -c Release -r "$RID" --self-contained true -p:PublishAot=false -o "$STAGE/out" --nologo -v quiet \
    || fail "the build failed (output above)."
fi
# Debug symbols and docs are not needed at run time.
find "$STAGE/out" \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' -o -name '*.dSYM' \) -prune -exec rm -rf {} +

# --- put it in place ---------------------------------------------------------------------------------------
# Replace the folder as a whole, so files from an older build never linger. A running host keeps its open copy.
mkdir -p "$(dirname "$BIN_DIR")"
chmod 700 "$(dirname "$BIN_DIR")"  # the data folder (database, logs) holds bin/ too: private, whoever creates it first
rm -rf "$BIN_DIR.new"
cp -R "$STAGE/out" "$BIN_DIR.new"
rm -rf "$BIN_DIR"
mv "$BIN_DIR.new" "$BIN_DIR"
chmod 755 "$BIN_DIR/switchrole"
if [ "$OS_NAME" = macos ]; then
  # Downloaded checkouts carry the quarantine flag, and arm64 refuses unsigned code: sign ad hoc, no entitlements.
  xattr -dr com.apple.quarantine "$BIN_DIR" 2>/dev/null || true
  codesign --force --sign - "$BIN_DIR/switchrole" >/dev/null 2>&1 || say "note: codesign failed; if macOS kills switchrole, run: codesign --force --sign - '$BIN_DIR/switchrole'"
fi
say "Installed $BIN_DIR/switchrole"

# --- register with the browsers ----------------------------------------------------------------------------
"$BIN_DIR/switchrole" install --browser all "$@" || {
  status=$?
  # 4 = no browser found: not an installer failure, but say so.
  [ "$status" -eq 4 ] || fail "registering with the browsers failed (see above)."
}

# --- the extension -----------------------------------------------------------------------------------------
EXT_NOTE=""
if [ -f "$REPO/extension/scripts/build.mjs" ]; then
  if command -v node >/dev/null 2>&1; then
    node "$REPO/extension/scripts/build.mjs" >/dev/null || fail "building the extension failed: run node extension/scripts/build.mjs to see why."
  else
    EXT_NOTE="Node.js 20 or later is needed to build the extension: https://nodejs.org (Debian/Ubuntu: sudo apt-get install nodejs; macOS: brew install node). Then run this again."
  fi
else
  EXT_NOTE="This checkout has no extension yet (extension/scripts/build.mjs is missing)."
fi

say ""
say "Next steps:"
if [ -z "$EXT_NOTE" ]; then
  say "  Chrome, Chromium, Edge, Brave, Vivaldi, Opera: open the extensions page (chrome://extensions), turn on"
  say "    Developer mode, click 'Load unpacked' and choose $REPO/extension/dist/chromium"
  say "  Firefox: open about:debugging#/runtime/this-firefox, click 'Load Temporary Add-on' and choose"
  say "    $REPO/extension/dist/firefox/manifest.json (temporary add-ons last until Firefox restarts)"
else
  say "  $EXT_NOTE"
fi
say "  Check everything: $BIN_DIR/switchrole doctor"
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) say "  To type just 'switchrole', add $BIN_DIR to your PATH." ;;
esac
