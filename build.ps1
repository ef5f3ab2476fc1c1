#Requires -Version 7.4
<#
.SYNOPSIS
    Thin front for people who have pwsh: the same dotnet commands the README and CI use.
.DESCRIPTION
    Build    dotnet build: compiles, and assembles the importable module in artifacts/ZoneDelegation
             (stamped psd1, both dlls, format file, MAML help built from docs/).
    Test     bash tests/run.sh (xunit: Core, module contract, integration against a real sshd and
             zfs-fuse), then the Pester suites in tests/pester when Pester 5 is installed.
    Package  Build in Release and zip artifacts/ZoneDelegation to artifacts/ZoneDelegation-<version>.zip.
    Demo     Build, start a sandbox compute node on this machine (real sshd + zfs-fuse pool +
             labelled SmartOS stand-ins), and run a short runbook against it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'artifacts/ZoneDelegation'

function Invoke-Native([string] $Program, [string[]] $Arguments) {
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'ZoneDelegation.sln'), '-c', $Configuration)
}

function Invoke-Test {
    Invoke-Native bash @((Join-Path $root 'tests/run.sh'))
    if (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.5.0') {
        # A fresh pwsh so the freshly built dll is loaded, never a stale one from this session.
        Invoke-Native pwsh @('-NoProfile', '-Command', "Invoke-Pester -Path '$root/tests/pester' -CI")
    } else {
        Write-Warning 'Pester 5.5+ is not installed: tests/pester was not run (Install-Module Pester -MinimumVersion 5.5).'
    }
}

function Invoke-Package {
    Invoke-Build
    $manifest = Import-PowerShellDataFile (Join-Path $moduleDir 'ZoneDelegation.psd1')
    $zip = Join-Path $root "artifacts/ZoneDelegation-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
    Write-Output $zip
}

function Invoke-Demo {
    Invoke-Build
    $testbed = Join-Path $root 'tests/testbed/testbed.sh'
    $cn = @{}
    foreach ($line in (& bash $testbed start demo --platform smartos)) {
        $key, $value = $line -split '=', 2
        if ($value) { $cn[$key] = $value }
    }
    if ($LASTEXITCODE -ne 0) { throw 'The sandbox CN did not start; see the output above.' }
    try {
        pwsh -NoProfile -File (Join-Path $root 'tests/testbed/demo-runbook.ps1') `
            -ModulePath $moduleDir -HostName $cn.address -Port $cn.port -User $cn.user `
            -IdentityFile $cn.identity_file -KnownHostsFile $cn.known_hosts
        if ($LASTEXITCODE -ne 0) { throw 'The demo runbook failed.' }
    } finally {
        & bash $testbed stop demo | Out-Null
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
    }
}
