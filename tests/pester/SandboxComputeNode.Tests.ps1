#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite against a sandbox CN of the testbed (real sshd + zfs-fuse, labelled stand-ins).
# Needs root, pwsh 7.4+ and a built module. Not run on the build machine of this repository (no pwsh).

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix ps
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $connect = Get-TestbedConnectParameters $cn
    Connect-ComputeNode @connect -Name pester-cn | Out-Null
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'a smartos sandbox CN' {
    It 'supports safe delegation' {
        Test-PlatformSupport -Quiet | Should -BeTrue
    }

    It 'creates a safe zone that reads back safe' {
        $zone = New-SafeZone -Alias pester-db -Brand joyent -Confirm:$false
        $zone.IsSafe | Should -BeTrue
        $zone.SnapshotLimit | Should -Be 128
        $zone.FilesystemLimit | Should -Be 32
        $zone.ReceiveAllowed | Should -BeFalse
        $zone.DataZoned | Should -BeTrue
    }

    It 'refuses sys_fs_import and creates nothing' {
        $before = (Get-SafeZone).Count
        { New-SafeZone -Brand joyent -LimitPriv 'default,sys_fs_import' -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsafePrivilegeRequested,ZoneDelegation.Commands.NewSafeZoneCommand'
        (Get-SafeZone).Count | Should -Be $before
    }

    It 'sets and clears a limit with read-back' {
        $zone = Get-SafeZone -Alias pester-db
        ($zone | Set-DatasetLimit -SnapshotLimit 16 -PassThru -Confirm:$false).SnapshotLimit | Should -Be 16
        ($zone | Set-DatasetLimit -Clear SnapshotLimit -PassThru -Confirm:$false).SnapshotLimit | Should -BeNullOrEmpty
    }
}
