#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite for machines with pwsh 7.4+. It loads the built module (dotnet build first) and
# checks what reflection in xunit cannot: that PowerShell itself imports, binds and reports as designed.
# Not run on the build machine of this repository (no pwsh there).

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
}

Describe 'module surface' {
    It 'exports exactly the cmdlets of the manifest' {
        $manifest = Import-PowerShellDataFile "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1"
        (Get-Command -Module ZoneDelegation).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with examples for <_>' -ForEach @(Get-Command -Module ZoneDelegation | ForEach-Object Name) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        Get-Command -Module ZoneDelegation | ForEach-Object { $_.Verb | Should -BeIn $approved }
    }
}

Describe 'errors without a connection' {
    BeforeEach { Disconnect-ComputeNode -All -ErrorAction SilentlyContinue }

    It 'says which connection is missing' {
        { Get-SafeZone -ErrorAction Stop } | Should -Throw -ErrorId 'ComputeNodeNotConnected,ZoneDelegation.Commands.GetSafeZoneCommand'
    }

    It 'takes injection text in -Zone for an alias, to compare, never to run' {
        # The local machine has no vmadm, so no alias can be looked up: said as such.
        Connect-ComputeNode -Local -Name pester-local | Out-Null
        { Get-ZoneSnapshot -Zone 'x; rm -rf /' -ErrorAction Stop } | Should -Throw -ErrorId 'PlatformNotSupported,*'
    }

    It 'refuses an unknown host key under Strict' {
        $empty = New-TemporaryFile
        { Connect-ComputeNode -HostName 127.0.0.1 -KnownHostsFile $empty -SshConfigFile /dev/null -ErrorAction Stop } |
            Should -Throw -ErrorId '*,ZoneDelegation.Commands.ConnectComputeNodeCommand'
    }
}

Describe 'policy cmdlets' {
    BeforeAll { $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json' }
    AfterAll { Remove-Item Env:ZONEDELEGATION_POLICY }

    It 'shows the built-in defaults when no file exists' {
        $policy = Get-DelegationPolicy
        $policy.Source | Should -Be 'built-in defaults'
        $policy.SnapshotLimit | Should -Be 128
        $policy.FilesystemLimit | Should -Be 32
    }

    It '-WhatIf writes nothing' {
        Set-DelegationPolicy -Enabled $false -WhatIf
        Test-Path $env:ZONEDELEGATION_POLICY | Should -BeFalse
    }

    It 'writes and reads back' {
        $written = Set-DelegationPolicy -Enabled $false -SnapshotLimit 64 -PassThru -Confirm:$false
        $written.Enabled | Should -BeFalse
        (Get-DelegationPolicy).SnapshotLimit | Should -Be 64
    }

    It 'refuses a corrupt file with PolicyFileInvalid' {
        Set-Content $env:ZONEDELEGATION_POLICY '{ "enabled": tru'
        { Get-DelegationPolicy } | Should -Throw -ErrorId 'PolicyFileInvalid,*'
    }
}
