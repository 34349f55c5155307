<#
.SYNOPSIS
  Installs switchrole in %LOCALAPPDATA%\SwitchRole\bin and registers it with every browser found.
.DESCRIPTION
  Where the binary comes from: -FromArchive FILE (a release switchrole-<version>-win-x64.zip, checked against the
  SHA256SUMS file beside it first; a missing, unlisted or different checksum installs nothing); else bin\ beside
  this script (the installer inside an extracted release archive); else built from this source checkout.
  Safe to run again: the result is the same. Extra arguments go to `switchrole install`
  (for example: -- --browser edge).
#>
[CmdletBinding()]
param(
  [string]$FromArchive,
  [Parameter(ValueFromRemainingArguments = $true)][string[]]$InstallArguments = @()
)

$ErrorActionPreference = 'Stop'
$Repo = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$BinDir = Join-Path $env:LOCALAPPDATA 'SwitchRole\bin'

function Fail([string]$Message) {
  Write-Host "switchrole installer: $Message" -ForegroundColor Red
  exit 1
}

$Stage = Join-Path ([System.IO.Path]::GetTempPath()) ("switchrole-install-" + [guid]::NewGuid().ToString('N'))
$SrcBin = $null
if ($FromArchive) {
  if (-not (Test-Path -LiteralPath $FromArchive -PathType Leaf)) { Fail "no such file: $FromArchive" }
  $Archive = (Resolve-Path -LiteralPath $FromArchive).Path
  $Name = Split-Path $Archive -Leaf
  $Sums = Join-Path (Split-Path $Archive) 'SHA256SUMS'
  if (-not (Test-Path $Sums)) { Fail "$Sums is missing: download SHA256SUMS from the same release next to $Name. Nothing was installed." }
  $Expected = Get-Content $Sums | ForEach-Object { $f = $_ -split '\s+\*?', 2; if ($f.Count -eq 2 -and $f[1] -eq $Name) { $f[0].ToLowerInvariant() } } | Select-Object -First 1
  if (-not $Expected) { Fail "$Sums does not list $Name (is it from another release?). Nothing was installed." }
  $Actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $Archive).Hash.ToLowerInvariant()
  if ($Actual -ne $Expected) { Fail "$Name does not match SHA256SUMS (expected $Expected, got $Actual): the download is damaged or not the released file. Download it again. Nothing was installed." }
  Write-Host "Verified $Name against SHA256SUMS."
  Expand-Archive -LiteralPath $Archive -DestinationPath $Stage
  $SrcBin = Join-Path $Stage (Join-Path ($Name -replace '\.zip$', '') 'bin')
  foreach ($ExeName in 'switchrole.exe', 'switchrole-host.exe') {
    if (-not (Test-Path (Join-Path $SrcBin $ExeName))) { Remove-Item $Stage -Recurse -Force; Fail "$Name has no bin\$ExeName. Nothing was installed." }
  }
}
elseif (Test-Path (Join-Path $PSScriptRoot 'bin\switchrole.exe')) {
  $SrcBin = Join-Path $PSScriptRoot 'bin'
}

if (-not $SrcBin) {
# --- prerequisites (building from source) --------------------------------------------------------------
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
  Fail 'the .NET 10 SDK is needed to build switchrole. Get it from https://dotnet.microsoft.com/download/dotnet/10.0 (or: winget install Microsoft.DotNet.SDK.10), then run this again.'
}
if (-not (& dotnet --list-sdks | Where-Object { $_ -match '^10\.' })) {
  Fail 'switchrole needs the .NET 10 SDK. Get it from https://dotnet.microsoft.com/download/dotnet/10.0 (or: winget install Microsoft.DotNet.SDK.10).'
}

$Arch = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
$Rid = "win-$Arch"

# NativeAOT links with MSVC (Visual Studio or Build Tools, "Desktop development with C++"). Without it, publish
# self-contained: still no separately installed .NET runtime needed, only a slower start.
$Aot = $false
$VsWhere = Join-Path ${env:ProgramFiles(x86)} 'Microsoft Visual Studio\Installer\vswhere.exe'
if (Test-Path $VsWhere) {
  $Vc = & $VsWhere -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath
  $Aot = [bool]$Vc
}
if (-not $Aot) {
  Write-Host 'note: the C++ build tools are missing (install "Desktop development with C++" from https://visualstudio.microsoft.com/visual-cpp-build-tools/);'
  Write-Host '      building a self-contained switchrole instead of a native one (it starts more slowly).'
}

}

try {
  # --- build (from source only) -----------------------------------------------------------------------------
  if (-not $SrcBin) {
  Write-Host "Building switchrole for $Rid ($(if ($Aot) { 'native AOT' } else { 'self-contained' }))..."
  # Two executables, one folder: switchrole (the CLI and its network worker) and switchrole-host (what browsers start).
  foreach ($Project in 'SwitchRole.Host', 'SwitchRole.Bridge') {
    $Publish = @('publish', (Join-Path $Repo "host\$Project"), '-c', 'Release', '-r', $Rid, '-o', (Join-Path $Stage 'out'), '--nologo', '-v', 'quiet')
    if ($Aot) { $Publish += '-p:PublishAot=true' } else { $Publish += @('--self-contained', 'true', '-p:PublishAot=false') }
    & dotnet @Publish
    if ($LASTEXITCODE -ne 0) { Fail 'the build failed (output above).' }
  }
  Get-ChildItem (Join-Path $Stage 'out') -Recurse -Include *.pdb, *.xml | Remove-Item -Force
  $SrcBin = Join-Path $Stage 'out'
  }

  # --- put it in place -------------------------------------------------------------------------------------
  # A browser may be running the old host: Windows cannot replace an exe in use.
  if (Test-Path $BinDir) {
    try { Remove-Item $BinDir -Recurse -Force }
    catch { Fail "cannot replace $BinDir (is a browser still running switchrole?). Close your browsers and run this again." }
  }
  New-Item -ItemType Directory -Force -Path (Split-Path $BinDir) | Out-Null
  Copy-Item $SrcBin $BinDir -Recurse
}
finally {
  if (Test-Path $Stage) { Remove-Item $Stage -Recurse -Force }
}
$Exe = Join-Path $BinDir 'switchrole.exe'
Write-Host "Installed $Exe"

# --- register with the browsers ----------------------------------------------------------------------------
& $Exe install --browser all @InstallArguments
# 4 = no browser found: not an installer failure, the output says so.
if ($LASTEXITCODE -ne 0 -and $LASTEXITCODE -ne 4) { Fail 'registering with the browsers failed (see above).' }

# --- the extension -----------------------------------------------------------------------------------------
$ExtNote = $null
$Build = Join-Path $Repo 'extension\scripts\build.mjs'
if ($FromArchive -or (Test-Path (Join-Path $PSScriptRoot 'bin\switchrole.exe'))) {
  $ExtNote = 'Add the SwitchRole extension to each browser: from its store, or for Firefox switchrole-firefox-<version>.xpi from the release page.'
}
elseif (-not (Test-Path $Build)) {
  $ExtNote = 'This checkout has no extension yet (extension\scripts\build.mjs is missing).'
}
elseif (-not (Get-Command node -ErrorAction SilentlyContinue)) {
  $ExtNote = 'Node.js 20 or later is needed to build the extension: https://nodejs.org (or: winget install OpenJS.NodeJS.LTS). Then run this again.'
}
else {
  & node $Build | Out-Null
  if ($LASTEXITCODE -ne 0) { Fail 'building the extension failed: run node extension\scripts\build.mjs to see why.' }
}

Write-Host ''
Write-Host 'Next steps:'
if (-not $ExtNote) {
  Write-Host '  Chrome, Edge, Brave, Vivaldi, Opera: open the extensions page (chrome://extensions or edge://extensions),'
  Write-Host "    turn on Developer mode, click 'Load unpacked' and choose $Repo\extension\dist\chromium"
  Write-Host "  Firefox: open about:debugging#/runtime/this-firefox, click 'Load Temporary Add-on' and choose"
  Write-Host "    $Repo\extension\dist\firefox\manifest.json (temporary add-ons last until Firefox restarts)"
}
else {
  Write-Host "  $ExtNote"
}
Write-Host "  Check everything: & '$Exe' doctor"
