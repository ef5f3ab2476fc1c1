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

    It 'repairs what is remediable; a running zone that kept sys_fs_import is PendingReboot until it reboots' {
        $results = Test-ZoneCompliance -ComputeNode pester-zc | Where-Object Remediable | Repair-SafeZone -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        $results.Changed | Should -Not -Contain $false
        ($results | Where-Object Zone -eq $plain).RestartRequired | Should -BeTrue
        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*Repair-SafeZone -Restart*'

        # limit_priv is fixed, but the zone still runs with the set it booted with.
        Test-ZoneCompliance -ComputeNode pester-zc -Quiet | Should -BeFalse
        $pending = Test-ZoneCompliance -ComputeNode pester-zc | Where-Object { -not $_.Compliant }
        $pending.Zone | Should -Be $plain
        $pending.FindingCodes | Should -Be 'PendingReboot'
        $pending.Remediable | Should -BeTrue
    }

    It 'reboots exactly the zone pending reboot with -Restart -Force, reads it back, and the CN is compliant' {
        $before = @(& env @cnEnv ps -e -o pid= -o class= -o fname= -o zone= | Where-Object { $_ -match ' SYS zsched ' } | ForEach-Object { $_.Trim() })
        $results = Test-ZoneCompliance -ComputeNode pester-zc | Where-Object Remediable | Repair-SafeZone -Restart -Force -Confirm:$false
        $results | Should -HaveCount 1
        $results.Zone | Should -Be $plain
        $results.Restarted | Should -BeTrue
        $results.RestartRequired | Should -BeFalse
        $results.Fixed | Should -Be 'PendingReboot'
        $results.Commands | Should -Be "LC_ALL=C 'vmadm' 'reboot' '$plain'"
        Test-ZoneCompliance -ComputeNode pester-zc -Quiet | Should -BeTrue

        # Only the plain zone got a new zsched; its limit set no longer holds sys_fs_import.
        $after = @(& env @cnEnv ps -e -o pid= -o class= -o fname= -o zone= | Where-Object { $_ -match ' SYS zsched ' } | ForEach-Object { $_.Trim() })
        @($after | Where-Object { $_ -notlike "*$plain" }) | Should -Be @($before | Where-Object { $_ -notlike "*$plain" })
        $plainPid = (($after | Where-Object { $_ -like "*$plain" }) -split '\s+')[0]
        $plainPid | Should -Not -Be ((($before | Where-Object { $_ -like "*$plain" }) -split '\s+')[0])
        (& env @cnEnv ppriv -v $plainPid) -match '^\sL: ' | Should -Not -BeLike '*sys_fs_import*'
    }

    It 'changes nothing on a second run' {
        $before = Get-State
        $results = Test-ZoneCompliance -ComputeNode pester-zc | Repair-SafeZone -Confirm:$false
        $results.Changed | Should -Not -Contain $true
        Get-State | Should -Be $before
    }
}
