#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suites with the pinned Pester (restored by `dotnet restore tests/tools/TestTools.csproj`
    into tests/tools/packages, imported by path: nothing is installed globally).
.PARAMETER Path
    A folder or one *.Tests.ps1 file; default: every suite in tests/pester.
#>
param(
    [string[]] $Path = @($PSScriptRoot)
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$pester = Join-Path $root 'tests/tools/packages/pester/5.9.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) {
    throw "Pester 5.9.1 is not restored: run 'dotnet restore tests/tools/TestTools.csproj' from the repository root."
}
Import-Module $pester -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.Exit = $false
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.CIFormat = 'None'
$result = Invoke-Pester -Configuration $configuration

# The plain closing line CI reads, whatever runner printed before it.
"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0) {
    exit 1
}
if ($env:CI -eq 'true' -and ($result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0)) {
    Write-Error "CI=true: $($result.SkippedCount) skipped and $($result.NotRunCount) not run; in CI every suite must run."
    exit 1
}
