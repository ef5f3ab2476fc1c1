#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite for Test-ZoneCompliance and Repair-SafeZone against a sandbox CN of the testbed
# (real sshd + zfs-fuse, labelled stand-ins): the fleet compliance suite an operator would keep, run
# on zones made with the stand-in vmadm. Needs root, pwsh 7.4+ and a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    $testbed = "$root/tests/testbed/testbed.sh"
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pester-zc
    $cnEnv = @(& bash $testbed env $cn.name)
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'

    # A zone as an operator would have made it with vmadm on the CN (payload on stdin).
    function New-StandinZone([hashtable] $Payload) {
        $Payload.uuid = [guid]::NewGuid().ToString()
        $Payload | ConvertTo-Json -Compress | & env @cnEnv vmadm create 2>$null
        if ($LASTEXITCODE -ne 0) { throw "vmadm create failed" }
        $Payload.uuid
    }
    $safe = New-StandinZone @{ brand = 'joyent'; alias = 'pz-safe'; delegate_dataset = $true; limit_priv = 'default,-sys_fs_import'; zfs_snapshot_limit = 128; zfs_filesystem_limit = 32 }
    $plain = New-StandinZone @{ brand = 'joyent'; alias = 'pz-plain'; delegate_dataset = $true }
    $above = New-StandinZone @{ brand = 'joyent'; alias = 'pz-above'; delegate_dataset = $true; limit_priv = 'default,-sys_fs_import'; zfs_snapshot_limit = 1000; zfs_filesystem_limit = 32 }
    $bare = New-StandinZone @{ brand = 'joyent'; alias = 'pz-bare' }

    $connect = Get-TestbedConnectParameters $cn
    Connect-ComputeNode @connect -Name pester-zc | Out-Null

    function Get-State { Get-SafeZone -ComputeNode pester-zc | Sort-Object Uuid | ForEach-Object { "$($_.Uuid) $($_.SnapshotLimit) $($_.FilesystemLimit) $($_.LimitPriv)" } }
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'Test-ZoneCompliance on a sandbox CN' {
    It 'is not compliant while zones break the policy' {
        Test-ZoneCompliance -ComputeNode pester-zc -Quiet | Should -BeFalse
    }

    It 'gives one record per zone with stable finding codes' {
        $records = Test-ZoneCompliance -ComputeNode pester-zc
        $records | Should -HaveCount 4
        ($records | Where-Object Zone -eq $plain).Findings.Code | Should -Be @('ReceiveAllowed', 'SnapshotLimitMissing', 'FilesystemLimitMissing')
        ($records | Where-Object Zone -eq $above).Findings.Code | Should -Be 'SnapshotLimitAbovePolicy'
        ($records | Where-Object Zone -eq $bare).Compliant | Should -BeTrue
        ($records | Where-Object Zone -eq $safe).Compliant | Should -BeTrue
    }
}

Describe 'Repair-SafeZone on a sandbox CN' {
    It 'changes nothing with -WhatIf' {
        $before = Get-State
        Test-ZoneCompliance -ComputeNode pester-zc | Where-Object Remediable | Repair-SafeZone -WhatIf | Should -BeNullOrEmpty
        Get-State | Should -Be $before
    }

    It 'repairs what is remediable, after which the CN is compliant' {
        $results = Test-ZoneCompliance -ComputeNode pester-zc | Where-Object Remediable | Repair-SafeZone -Confirm:$false -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        $results.Changed | Should -Not -Contain $false
        Test-ZoneCompliance -ComputeNode pester-zc -Quiet | Should -BeTrue
    }

    It 'changes nothing on a second run' {
        $before = Get-State
        $results = Test-ZoneCompliance -ComputeNode pester-zc | Repair-SafeZone -Confirm:$false
        $results.Changed | Should -Not -Contain $true
        Get-State | Should -Be $before
    }
}
