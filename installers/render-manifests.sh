#!/usr/bin/env bash
# Renders the Homebrew formula, the winget manifest and Firefox's updates.json for a release, from the artifacts
# and SHA256SUMS in DIR. Run by .github/workflows/release.yml after every RID has been built.
# Usage: installers/render-manifests.sh DIR REPO_URL
set -euo pipefail
dir=${1:?usage: render-manifests.sh DIR REPO_URL}
repo_url=${2:?usage: render-manifests.sh DIR REPO_URL}
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$here/../Directory.Build.props" | head -1)
sum() { awk -v f="$1" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS"; }

render() { # template -> output, with every @SHA256_<rid>@ whose archive is in SHA256SUMS
  local text
  text=$(sed -e "s|@VERSION@|$version|g" -e "s|@REPO_URL@|$repo_url|g" "$1")
  for rid in linux-x64 linux-arm64 osx-x64 osx-arm64; do
    text=${text//@SHA256_$rid@/$(sum "switchrole-$version-$rid.tar.gz")}
  done
  text=${text//@SHA256_win-x64@/$(sum "switchrole-$version-win-x64.zip")}
  printf '%s\n' "$text" > "$2"
}
render "$here/homebrew/switchrole.rb.in" "$dir/switchrole.rb"
render "$here/winget/SwitchRole.SwitchRole.yaml.in" "$dir/SwitchRole.SwitchRole.yaml"

# Firefox checks gecko.update_url (set by package.sh --firefox-update-url) for this file: the signed XPI and its hash.
xpi="switchrole-firefox-$version.xpi"
gecko_id=$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' "$here/../extension/manifest.firefox.json" | head -1)
cat > "$dir/updates.json" <<JSON
{
  "addons": {
    "$gecko_id": {
      "updates": [
        { "version": "$version", "update_link": "$repo_url/releases/download/v$version/$xpi", "update_hash": "sha256:$(sum "$xpi")" }
      ]
    }
  }
}
JSON
