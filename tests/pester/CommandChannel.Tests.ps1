#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Connect-ComputeNode -Channel against a sandbox CN of the testbed (real sshd + zfs-fuse, labelled stand-ins).

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pester-ch
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $common = (Get-TestbedConnectParameters $cn) + @{ ErrorAction = 'Stop' }
}

AfterAll {
    Disconnect-ComputeNode -All -Confirm:$false -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'Connect-ComputeNode -Channel' {
    It 'uses a persistent channel by default' {
        (Connect-ComputeNode @common -Name pester-persistent).Channel | Should -Be 'Persistent'
    }

    It 'keeps one ssh session per command with -Channel Exec' {
        (Connect-ComputeNode @common -Name pester-exec -Channel Exec).Channel | Should -Be 'Exec'
    }

    It 'answers the same over both channels' {
        $persistent = Test-PlatformSupport -ComputeNode pester-persistent
        $exec = Test-PlatformSupport -ComputeNode pester-exec
        $persistent.Supported | Should -Be $exec.Supported
        $persistent.LiveImage | Should -Be $exec.LiveImage
        (Get-SafeZone -ComputeNode pester-persistent).Count | Should -Be (Get-SafeZone -ComputeNode pester-exec).Count
    }

    It 'reports a failing command with the same ErrorId over both channels' {
        { Get-DatasetLimit -ComputeNode pester-persistent -Zone 00000000-0000-0000-0000-000000000001 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZoneNotFound,*'
        { Get-DatasetLimit -ComputeNode pester-exec -Zone 00000000-0000-0000-0000-000000000001 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZoneNotFound,*'
    }
}
