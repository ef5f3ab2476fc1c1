#Requires -Version 7.4
<#
.SYNOPSIS
    The project's tasks, run with the pinned pwsh: `dotnet tool restore && dotnet pwsh ./build.ps1 -Task <Task>`.
.DESCRIPTION
    Build    dotnet build: compiles, and assembles the importable module in artifacts/ZoneDelegation
             (stamped psd1, both dlls, format file, MAML help built from docs/).
    Test     bash tests/run.sh: the xunit suites (Core, module contract, integration against a real
             sshd and zfs-fuse, hosted runspace), the Pester suites, and the Demo as a smoke test.
    Pester   Only the Pester suites (tests/pester, or -PesterPath for one file), with the pinned Pester.
    Package  Build in Release, check the manifest (Test-ModuleManifest), and publish the module folder
             to a local PSResourceGet repository in artifacts/repository (a .nupkg that
             Publish-PSResource/Install-PSResource take as they are).
    Demo     Build, install the testbed's Debian packages if missing (root), start a sandbox compute
             node on this machine (real sshd + zfs-fuse pool + labelled SmartOS stand-ins), and run
             a short runbook against it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # One Pester file or folder for -Task Pester.
    [string] $PesterPath,

    # Demo and Package use the module already built (tests/run.sh has just built it).
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'artifacts/ZoneDelegation'
# Start-TestbedCn / Stop-TestbedCn for the Demo, shared with the Pester suites.
. (Join-Path $root 'tests/pester/Testbed.ps1')

function Invoke-Native([string] $Program, [string[]] $Arguments) {
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'ZoneDelegation.sln'), '-c', $Configuration)
}

function Invoke-Test {
    Invoke-Native bash @((Join-Path $root 'tests/run.sh'))
}

# A fresh pwsh (the pinned tool, from the repository root) so the freshly built dll is loaded.
function Invoke-PinnedPwsh([string[]] $Arguments) {
    Push-Location $root
    try { Invoke-Native dotnet (@('pwsh', '-NoProfile', '-NonInteractive') + $Arguments) } finally { Pop-Location }
}

function Invoke-PesterTask {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/tools/TestTools.csproj'))
    $suite = @('-File', (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1'))
    if ($PesterPath) { $suite += @('-Path', (Resolve-Path $PesterPath).Path) }
    Invoke-PinnedPwsh $suite
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $manifestPath = Join-Path $moduleDir 'ZoneDelegation.psd1'
    $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
    $repository = Join-Path $root 'artifacts/repository'
    New-Item -ItemType Directory -Force -Path $repository | Out-Null
    # Registered for this publish only, so the user's PSResourceGet configuration is left as it was.
    $name = "ZoneDelegationBuild$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $name -ErrorAction Stop
    } finally {
        Unregister-PSResourceRepository -Name $name
    }
    Join-Path $repository "ZoneDelegation.$($manifest.Version).nupkg"
}

function Invoke-Demo {
    if (-not $NoBuild) { Invoke-Build }
    Invoke-Native bash @((Join-Path $root 'tests/testbed/install-packages.sh'))
    # The demo shows the module's default policy, whatever policy this machine's operator set.
    $env:ZONEDELEGATION_POLICY = Join-Path ([System.IO.Path]::GetTempPath()) "zd-demo-policy-$PID.json"
    # A CN of its own (demo-<random>), so two users of one machine never share one; stopped whatever happens.
    $cn = $null
    try {
        $cn = Start-TestbedCn -Prefix demo
        Invoke-PinnedPwsh @('-File', (Join-Path $root 'tests/testbed/demo-runbook.ps1'),
            '-ModulePath', $moduleDir, '-HostName', $cn.address, '-Port', $cn.port, '-User', $cn.user,
            '-IdentityFile', $cn.identity_file, '-KnownHostsFile', $cn.known_hosts)
    } finally {
        Stop-TestbedCn $cn
        Remove-Item -LiteralPath $env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
        Remove-Item Env:ZONEDELEGATION_POLICY
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Pester' { Invoke-PesterTask }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
    }
}
