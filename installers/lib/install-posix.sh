# Shared by installers/linux/install.sh and installers/macos/install.sh (sourced, not run).
# Puts switchrole in a per-user bin folder, registers it with every browser found and says what to do next.
# Safe to run again: the result is the same. Where the binary comes from:
#   --from-archive FILE   a release archive (switchrole-<version>-<rid>.tar.gz), checked against the SHA256SUMS
#                         file beside it first: a missing, unlisted or different checksum installs nothing;
#   bin/ beside this script (the installer inside an extracted release archive);
#   otherwise built from this source checkout (needs the .NET 10 SDK; then the extension is built too).
# Expects: OS_NAME (linux|macos), BIN_DIR, RID_OS (linux|osx), and "$@" = extra `switchrole install` options.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
say() { printf '%s\n' "$*"; }
fail() { printf 'switchrole installer: %s\n' "$*" >&2; exit 1; }
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi; }

# Take --from-archive out of the arguments; the rest go to `switchrole install`.
ARCHIVE=""
n=$#
i=0
while [ "$i" -lt "$n" ]; do
  a=$1; shift; i=$((i + 1))
  case "$a" in
    --from-archive)
      [ "$i" -lt "$n" ] || fail "--from-archive needs a file: --from-archive switchrole-<version>-<rid>.tar.gz"
      ARCHIVE=$1; shift; i=$((i + 1)) ;;
    --from-archive=*) ARCHIVE=${a#*=} ;;
    *) set -- "$@" "$a" ;;
  esac
done

case "$(uname -m)" in
  x86_64|amd64) ARCH=x64 ;;
  arm64|aarch64) ARCH=arm64 ;;
  *) fail "unsupported CPU $(uname -m): switchrole is built for x64 and arm64." ;;
esac
RID="$RID_OS-$ARCH"

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/switchrole-install.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

if [ -n "$ARCHIVE" ]; then
  MODE=archive
elif [ -x "$HERE/bin/switchrole" ]; then
  MODE=prebuilt
else
  MODE=source
fi

# --- a release archive: verify, then unpack --------------------------------------------------------------------
if [ "$MODE" = archive ]; then
  [ -f "$ARCHIVE" ] || fail "no such file: $ARCHIVE"
  ARCHIVE_DIR=$(cd "$(dirname "$ARCHIVE")" && pwd)
  ARCHIVE_NAME=$(basename "$ARCHIVE")
  SUMS="$ARCHIVE_DIR/SHA256SUMS"
  [ -f "$SUMS" ] || fail "$SUMS is missing: download SHA256SUMS from the same release next to $ARCHIVE_NAME. Nothing was installed."
  expected=$(awk -v f="$ARCHIVE_NAME" '{ n = $2; sub(/^\*/, "", n); if (n == f) { print $1; exit } }' "$SUMS")
  [ -n "$expected" ] || fail "$SUMS does not list $ARCHIVE_NAME (is it from another release?). Nothing was installed."
  actual=$(sha256 "$ARCHIVE_DIR/$ARCHIVE_NAME")
  [ "$actual" = "$expected" ] || fail "$ARCHIVE_NAME does not match SHA256SUMS (expected $expected, got $actual): the download is damaged or not the released file. Download it again. Nothing was installed."
  case "$ARCHIVE_NAME" in
    switchrole-*-"$RID".tar.gz) ;;
    *) fail "$ARCHIVE_NAME is not a switchrole archive for this machine ($RID): use switchrole-<version>-$RID.tar.gz. Nothing was installed." ;;
  esac
  say "Verified $ARCHIVE_NAME against SHA256SUMS."
  tar -xzf "$ARCHIVE_DIR/$ARCHIVE_NAME" -C "$STAGE" || fail "cannot unpack $ARCHIVE_NAME. Nothing was installed."
  SRC_BIN="$STAGE/${ARCHIVE_NAME%.tar.gz}/bin"
  [ -x "$SRC_BIN/switchrole" ] || fail "$ARCHIVE_NAME has no ${ARCHIVE_NAME%.tar.gz}/bin/switchrole. Nothing was installed."
  [ -x "$SRC_BIN/switchrole-host" ] || fail "$ARCHIVE_NAME has no ${ARCHIVE_NAME%.tar.gz}/bin/switchrole-host. Nothing was installed."
elif [ "$MODE" = prebuilt ]; then
  SRC_BIN="$HERE/bin"
fi

if [ "$MODE" = source ]; then
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
say "Building switchrole for $RID ($( [ "$AOT" = true ] && echo native AOT || echo self-contained ))..."
# Two executables, one folder: switchrole (the CLI and its network worker) and switchrole-host (what browsers start).
for project in SwitchRole.Host SwitchRole.Bridge; do
  if [ "$AOT" = true ]; then
    dotnet publish "$REPO/host/$project" -c Release -r "$RID" -p:PublishAot=true -o "$STAGE/out" --nologo -v quiet \
      || fail "the build failed (output above)."
  else
    dotnet publish "$REPO/host/$project" -c Release -r "$RID" --self-contained true -p:PublishAot=false -o "$STAGE/out" --nologo -v quiet \
      || fail "the build failed (output above)."
  fi
done
# Debug symbols and docs are not needed at run time.
find "$STAGE/out" \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' -o -name '*.dSYM' \) -prune -exec rm -rf {} +
SRC_BIN="$STAGE/out"
fi

# --- put it in place ---------------------------------------------------------------------------------------
# Replace the folder as a whole, so files from an older build never linger. A running host keeps its open copy.
mkdir -p "$(dirname "$BIN_DIR")"
chmod 700 "$(dirname "$BIN_DIR")"  # the data folder (database, logs) holds bin/ too: private, whoever creates it first
rm -rf "$BIN_DIR.new"
cp -R "$SRC_BIN" "$BIN_DIR.new"
rm -rf "$BIN_DIR"
mv "$BIN_DIR.new" "$BIN_DIR"
chmod 755 "$BIN_DIR/switchrole" "$BIN_DIR/switchrole-host"
if [ "$OS_NAME" = macos ]; then
  # Downloaded checkouts carry the quarantine flag, and arm64 refuses unsigned code: sign ad hoc, no entitlements.
  xattr -dr com.apple.quarantine "$BIN_DIR" 2>/dev/null || true
  for exe in switchrole switchrole-host; do
    codesign --force --sign - "$BIN_DIR/$exe" >/dev/null 2>&1 || say "note: codesign failed; if macOS kills $exe, run: codesign --force --sign - '$BIN_DIR/$exe'"
  done
fi
say "Installed $BIN_DIR/switchrole and $BIN_DIR/switchrole-host (the one browsers start)"

# --- register with the browsers ----------------------------------------------------------------------------
# Every browser found, unless the arguments name one (--browser given twice is a usage error).
case " $* " in *" --browser "*|*" --browser="*) ALL="" ;; *) ALL="--browser all" ;; esac
# shellcheck disable=SC2086
"$BIN_DIR/switchrole" install $ALL "$@" || {
  status=$?
  # 4 = no browser found: not an installer failure, but say so.
  [ "$status" -eq 4 ] || fail "registering with the browsers failed (see above)."
}

# --- the extension -----------------------------------------------------------------------------------------
EXT_NOTE=""
if [ "$MODE" != source ]; then
  EXT_NOTE="Add the SwitchRole extension to each browser: from its store, or for Firefox switchrole-firefox-<version>.xpi from the release page (open it in Firefox)."
elif [ -f "$REPO/extension/scripts/build.mjs" ]; then
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
