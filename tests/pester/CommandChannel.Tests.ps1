#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Connect-ComputeNode -Channel against a sandbox CN of the testbed (real sshd + zfs-fuse, labelled stand-ins).

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    $testbed = "$root/tests/testbed/testbed.sh"
    $cn = @{}
    foreach ($line in (& bash $testbed start pester-ch --platform smartos)) {
        $key, $value = $line -split '=', 2
        if ($value) { $cn[$key] = $value }
    }
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $common = @{
        HostName = $cn.address; Port = $cn.port; User = $cn.user; IdentityFile = $cn.identity_file
        KnownHostsFile = $cn.known_hosts; SshConfigFile = '/dev/null'; ErrorAction = 'Stop'
    }
}

AfterAll {
    Disconnect-ComputeNode -All -Confirm:$false -ErrorAction SilentlyContinue
    & bash $testbed stop pester-ch | Out-Null
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
