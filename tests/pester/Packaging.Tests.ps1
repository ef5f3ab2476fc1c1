#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# The module installs the way PowerShell users install modules: PSResourceGet (shipped with pwsh)
# publishes the built folder to a local folder repository, and Install-PSResource installs it into a
# temporary module path (a child pwsh whose HOME is a temporary folder), where Import-Module finds it
# by name. Nothing outside TestDrive is touched.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $moduleDir = Join-Path $root 'artifacts/ZoneDelegation'
    # The pinned pwsh runs from its dotnet tool folder; a child is the same pwsh.
    $pwsh = if (Test-Path "$PSHOME/pwsh.dll") { @('dotnet', "$PSHOME/pwsh.dll") } else { @("$PSHOME/pwsh") }
}

Describe 'packaging' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest -Path (Join-Path $moduleDir 'ZoneDelegation.psd1') -ErrorAction Stop
        $manifest.Version | Should -Not -Be ([version]'0.0.0')
        $manifest.ExportedCmdlets.Keys | Should -Contain 'New-SafeZone'
    }

    It 'publishes to a local repository, installs with Install-PSResource and imports by name' {
        $repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
        $tempHome = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')
        $script = {
            param($moduleDir, $repository)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name ZoneDelegationLocal -Uri $repository -Trusted
            Publish-PSResource -Path $moduleDir -Repository ZoneDelegationLocal
            Install-PSResource -Name ZoneDelegation -Repository ZoneDelegationLocal -Scope CurrentUser -TrustRepository
            Import-Module ZoneDelegation
            $module = Get-Module ZoneDelegation
            [pscustomobject]@{
                Base     = $module.ModuleBase
                Package  = @(Get-ChildItem $repository -Filter 'ZoneDelegation.*.nupkg').Name
                Commands = @($module.ExportedCmdlets.Keys)
                Synopsis = (Get-Help New-SafeZone).Synopsis
            } | ConvertTo-Json -Compress
        }
        $previousHome = $env:HOME
        try {
            # Install-PSResource -Scope CurrentUser installs under $HOME: a temporary module path.
            $env:HOME = $tempHome.FullName
            $json = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script -args $moduleDir, $repository.FullName
            $LASTEXITCODE | Should -Be 0
        } finally {
            $env:HOME = $previousHome
        }
        $result = $json | Select-Object -Last 1 | ConvertFrom-Json
        $result.Package | Should -HaveCount 1
        $result.Base | Should -BeLike "$($tempHome.FullName)*"
        $result.Commands | Should -Contain 'New-SafeZone'
        $result.Synopsis | Should -Not -BeNullOrEmpty
    }
}
