#!/usr/bin/env bash
# Builds SwitchRole's release artifacts for the OS and CPU it runs on (NativeAOT does not cross-compile between
# OSes), into artifacts/release/. The one thing CI and the release workflow call. Running it again replaces
# every artifact with the same result.
#
#   switchrole-<version>-<rid>.tar.gz   (.zip on Windows) bin/ + LICENSE + README.txt + the OS's installer
#   switchrole_<version>_<arch>.deb     Linux only: /usr/lib/switchrole, /usr/bin/switchrole, system host manifests
#   switchrole-chromium-<version>.zip   Chrome Web Store / Edge Add-ons package (no "key")
#   switchrole-firefox-<version>.xpi    addons.mozilla.org / self-distribution package (unsigned)
#   SHA256SUMS                          over everything above that is in the folder
#
# Usage: installers/package.sh [--rid RID] [--chromium-id ID]... [--firefox-update-url URL] [--from-publish DIR] [--out DIR]
#   --rid                 default: this machine's (linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64)
#   --from-publish DIR    package this NativeAOT publish folder of the same version and RID instead of publishing
#                         again (tests/run-all.sh has just made one)
#   --out DIR             instead of artifacts/release (earlier switchrole-* files in it are replaced)
#   --chromium-id ID      a store-assigned Chromium extension id (Chrome Web Store, Edge Add-ons); repeatable.
#                         Listed in the .deb's host manifests beside the development id.
#   --firefox-update-url  where updates.json is published; written into the XPI's gecko.update_url
# Needs: the .NET 10 SDK with the OS's NativeAOT toolchain (clang + zlib1g-dev on Linux), Node.js 20+,
# tar and gzip (zip on Windows), dpkg-deb for the .deb.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT="$REPO/artifacts/release"
fail() { printf 'package.sh: %s\n' "$*" >&2; exit 1; }

RID=""
CHROMIUM_IDS=()
FIREFOX_UPDATE_URL=""
FROM_PUBLISH=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) RID=${2:?--rid needs a value}; shift 2 ;;
    --chromium-id)
      [[ "${2:-}" =~ ^[a-p]{32}$ ]] || fail "--chromium-id needs a 32-letter Chromium extension id (letters a-p), got '${2:-}'"
      CHROMIUM_IDS+=("$2"); shift 2 ;;
    --firefox-update-url)
      [[ "${2:-}" == https://* ]] || fail "--firefox-update-url needs an https:// URL, got '${2:-}'"
      FIREFOX_UPDATE_URL=$2; shift 2 ;;
    --from-publish)
      [ -d "${2:-}" ] || fail "--from-publish needs a publish folder, got '${2:-}'"
      FROM_PUBLISH=$(cd "$2" && pwd); shift 2 ;;
    --out) OUT=${2:?--out needs a folder}; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd); shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

if [ -z "$RID" ]; then
  case "$(uname -s)" in
    Linux) os=linux ;; Darwin) os=osx ;; MINGW*|MSYS*|CYGWIN*) os=win ;;
    *) fail "unsupported OS $(uname -s)" ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;; arm64|aarch64) arch=arm64 ;;
    *) fail "unsupported CPU $(uname -m)" ;;
  esac
  RID="$os-$arch"
fi
case "$RID" in
  linux-x64|linux-arm64|osx-x64|osx-arm64|win-x64|win-arm64) ;;
  *) fail "unsupported --rid '$RID'" ;;
esac
OS=${RID%%-*}

VERSION=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$REPO/Directory.Build.props" | head -1)
[ -n "$VERSION" ] || fail "no <Version> in Directory.Build.props"

# The executables a release ships, published into one folder. Everything in that folder (less symbols and docs)
# is shipped, so a second executable is one more entry here.
PROJECTS=(host/SwitchRole.Host host/SwitchRole.Bridge)

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/switchrole-package.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
# Only this run's artifacts are listed: a stale version's files would end up in SHA256SUMS.
mkdir -p "$OUT"
rm -f "$OUT"/switchrole-* "$OUT"/switchrole_* "$OUT/SHA256SUMS"

# --- the binaries ------------------------------------------------------------------------------------------
PUB="$STAGE/publish"
if [ -n "$FROM_PUBLISH" ]; then
  cp -R "$FROM_PUBLISH" "$PUB"
else
  for project in "${PROJECTS[@]}"; do
    echo "package.sh: publishing $project for $RID (NativeAOT)"
    dotnet publish "$REPO/$project" -c Release -r "$RID" -p:PublishAot=true -o "$PUB" --nologo -v quiet \
      || fail "dotnet publish $project failed"
  done
fi
find "$PUB" \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' -o -name '*.dSYM' \) -prune -exec rm -rf {} +
EXE=""; [ "$OS" = win ] && EXE=.exe
[ -f "$PUB/switchrole$EXE" ] || fail "the publish folder has no switchrole$EXE"
[ -f "$PUB/switchrole-host$EXE" ] || fail "the publish folder has no switchrole-host$EXE (the executable browsers start)"

# --- the host archive --------------------------------------------------------------------------------------
NAME="switchrole-$VERSION-$RID"
ARC="$STAGE/$NAME"
mkdir -p "$ARC/bin"
cp -R "$PUB/." "$ARC/bin/"
cp "$REPO/LICENSE" "$ARC/LICENSE"
sed -e "s/@VERSION@/$VERSION/g" -e "s/@RID@/$RID/g" "$REPO/installers/archive-README.txt" > "$ARC/README.txt"
case "$OS" in
  linux|osx)
    dir=linux; [ "$OS" = osx ] && dir=macos
    cp "$REPO/installers/$dir/install.sh" "$REPO/installers/$dir/uninstall.sh" "$ARC/"
    mkdir -p "$ARC/lib"
    cp "$REPO/installers/lib/install-posix.sh" "$REPO/installers/lib/uninstall-posix.sh" "$ARC/lib/"
    chmod 755 "$ARC/install.sh" "$ARC/uninstall.sh" "$ARC/bin/"*
    # Reproducible-ish: sorted names, numeric root ownership.
    tar -C "$STAGE" --sort=name --owner=0 --group=0 --numeric-owner -czf "$OUT/$NAME.tar.gz" "$NAME" 2>/dev/null \
      || tar -C "$STAGE" -czf "$OUT/$NAME.tar.gz" "$NAME"   # bsdtar on macOS has no --sort
    ;;
  win)
    cp "$REPO/installers/windows/install.ps1" "$REPO/installers/windows/uninstall.ps1" "$ARC/"
    (cd "$STAGE" && if command -v zip >/dev/null; then zip -qr "$OUT/$NAME.zip" "$NAME"; else powershell -NoProfile -Command "Compress-Archive -Path '$NAME' -DestinationPath '$(cygpath -w "$OUT/$NAME.zip" 2>/dev/null || echo "$OUT/$NAME.zip")'"; fi)
    ;;
esac

# --- the Debian package (Linux) ----------------------------------------------------------------------------
if [ "$OS" = linux ]; then
  command -v dpkg-deb >/dev/null || fail "dpkg-deb is needed for the .deb (Debian/Ubuntu: it is part of dpkg)"
  case "$RID" in linux-x64) DEB_ARCH=amd64 ;; linux-arm64) DEB_ARCH=arm64 ;; esac
  DEB="$STAGE/deb"
  mkdir -p "$DEB/DEBIAN" "$DEB/usr/lib/switchrole" "$DEB/usr/bin" "$DEB/usr/share/doc/switchrole"
  cp -R "$PUB/." "$DEB/usr/lib/switchrole/"
  ln -s ../lib/switchrole/switchrole "$DEB/usr/bin/switchrole"
  cp "$REPO/LICENSE" "$DEB/usr/share/doc/switchrole/copyright"

  # The development id comes from the pinned key (Chromium: sha256 of the key, 16 bytes, hex digits mapped to a-p).
  KEY=$(node -e 'process.stdout.write(require(process.argv[1]).key)' "$REPO/extension/manifest.chromium.json")
  DEV_ID=$(printf '%s' "$KEY" | base64 -d | sha256sum | head -c32 | tr 0-9a-f a-p)
  GECKO_ID=$(node -e 'process.stdout.write(require(process.argv[1]).browser_specific_settings.gecko.id)' "$REPO/extension/manifest.firefox.json")
  origins=$(for id in "${CHROMIUM_IDS[@]}" "$DEV_ID"; do printf '"chrome-extension://%s/",' "$id"; done)
  chromium_manifest=$(printf '{\n  "name": "dev.switchrole.host",\n  "description": "SwitchRole: AWS switch-role entries shared by every browser",\n  "path": "/usr/lib/switchrole/switchrole-host",\n  "type": "stdio",\n  "allowed_origins": [%s]\n}\n' "${origins%,}")
  firefox_manifest=$(printf '{\n  "name": "dev.switchrole.host",\n  "description": "SwitchRole: AWS switch-role entries shared by every browser",\n  "path": "/usr/lib/switchrole/switchrole-host",\n  "type": "stdio",\n  "allowed_extensions": ["%s"]\n}\n' "$GECKO_ID")
  # System folders as the host's own registration knows them (BrowserCatalog.cs); Brave and Opera read Chrome's.
  : > "$DEB/DEBIAN/conffiles"
  for d in etc/opt/chrome etc/chromium etc/opt/edge etc/opt/vivaldi; do
    mkdir -p "$DEB/$d/native-messaging-hosts"
    printf '%s\n' "$chromium_manifest" > "$DEB/$d/native-messaging-hosts/dev.switchrole.host.json"
    echo "/$d/native-messaging-hosts/dev.switchrole.host.json" >> "$DEB/DEBIAN/conffiles"
  done
  for d in usr/lib/mozilla usr/lib/librewolf; do
    mkdir -p "$DEB/$d/native-messaging-hosts"
    printf '%s\n' "$firefox_manifest" > "$DEB/$d/native-messaging-hosts/dev.switchrole.host.json"
  done
  size=$(du -sk --exclude=DEBIAN "$DEB" | cut -f1)
  # The newest glibc symbol version the binaries use (that of the build machine's C library, at most).
  glibc=$(cat "$DEB"/usr/lib/switchrole/* | grep -ao 'GLIBC_2\.[0-9]*' | sort -uV | tail -1 | sed 's/GLIBC_//')
  cat > "$DEB/DEBIAN/control" <<EOF
Package: switchrole
Version: $VERSION
Architecture: $DEB_ARCH
Maintainer: SwitchRole contributors <maintainers@switchrole.dev>
Installed-Size: $size
Depends: libc6 (>= ${glibc:-2.31})
Section: utils
Priority: optional
Description: AWS switch-role entries shared by every browser
 SwitchRole keeps one list of AWS console switch-role entries for every browser
 on the machine and shows it in the console's account menu. This package holds
 the native-messaging host and CLI (switchrole) and registers the host with
 Chrome, Chromium, Edge, Brave, Vivaldi, Opera, Firefox and LibreWolf for every
 user. Install the SwitchRole extension from the browser's store.
EOF
  find "$DEB" -type d -exec chmod 755 {} +
  find "$DEB" -type f -exec chmod 644 {} +
  find "$DEB/usr/lib/switchrole" -type f -exec chmod 755 {} +
  dpkg-deb --root-owner-group -Zxz --build "$DEB" "$OUT/switchrole_${VERSION}_${DEB_ARCH}.deb" >/dev/null
fi

# --- the extension packages (the same on every OS; each runner makes them, SHA256SUMS covers them) ----------
ext_args=(--out "$STAGE/ext")
[ -n "$FIREFOX_UPDATE_URL" ] && ext_args+=(--firefox-update-url "$FIREFOX_UPDATE_URL")
node "$REPO/extension/scripts/build.mjs" "${ext_args[@]}" >/dev/null || fail "building the extension failed"
cp "$STAGE/ext/switchrole-chromium.zip" "$OUT/switchrole-chromium-$VERSION.zip"
cp "$STAGE/ext/switchrole-firefox.xpi" "$OUT/switchrole-firefox-$VERSION.xpi"

# --- checksums ---------------------------------------------------------------------------------------------
(
  cd "$OUT"
  files=$(ls switchrole-* switchrole_* | sort)
  # shellcheck disable=SC2086
  if command -v sha256sum >/dev/null; then sha256sum $files > SHA256SUMS; else shasum -a 256 $files > SHA256SUMS; fi
)
echo "package.sh: artifacts in ${OUT#"$REPO"/}:"
sed 's/^[0-9a-f]*  /  /' "$OUT/SHA256SUMS"
