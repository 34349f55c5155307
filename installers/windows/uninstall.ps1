<#
.SYNOPSIS
  Removes what install.ps1 put in place (registry keys, manifests, binary), keeping your roles.
#>
$ErrorActionPreference = 'Stop'
$BinDir = Join-Path $env:LOCALAPPDATA 'SwitchRole\bin'
$Exe = Join-Path $BinDir 'switchrole.exe'
if (Test-Path $Exe) {
  & $Exe uninstall --browser all
}
if (Test-Path $BinDir) { Remove-Item $BinDir -Recurse -Force }
Write-Host "Removed $BinDir. Your roles are kept in $env:LOCALAPPDATA\SwitchRole; delete that folder yourself if you want them gone."
