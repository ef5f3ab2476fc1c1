#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite for issue 9 (New-, Restore-, Remove-ZoneSnapshot, Update-ZoneImage) against a sandbox
# CN of the testbed (real sshd + zfs-fuse, labelled vmadm stand-in). Needs root, pwsh 7.4+ and a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pester-snap
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $connect = Get-TestbedConnectParameters $cn
    Connect-ComputeNode @connect -Name pester-snap | Out-Null
    $zone = New-SafeZone -Alias pester-snap -Brand joyent -SnapshotLimit 8 -Confirm:$false
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'zone snapshots on a delegated zone' {
    It 'snapshots the zone root alone and says what it leaves out, once' {
        $created = $zone | New-ZoneSnapshot -Name first -WarningVariable warnings -WarningAction SilentlyContinue
        $created.Name | Should -Be 'first'
        $created.ZfsName | Should -Be 'vmsnap-first'
        $created.Covers | Should -Be $zone.ZoneRootDataset
        $created.Excludes | Should -Be @($zone.DelegatedDatasets)
        @($warnings | Where-Object { "$_" -like '*cover the zone root only*' }).Count | Should -Be 1
    }

    It 'refuses a name that exists with SnapshotExists' {
        { $zone | New-ZoneSnapshot -Name first -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'SnapshotExists,ZoneDelegation.Commands.NewZoneSnapshotCommand'
    }

    It 'refuses a name vmadm would refuse before anything runs' {
        { $zone | New-ZoneSnapshot -Name 'not allowed' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSnapshotName,*'
    }

    It 'keeps the newest two root snapshots with one pipeline' {
        foreach ($name in 'second', 'third', 'fourth') {
            $zone | New-ZoneSnapshot -Name $name -WarningAction SilentlyContinue | Out-Null
            # Created has one-second resolution: the next one is made once the clock (the sandbox CN's) passed this second.
            $made = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
            while ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() -eq $made) { Start-Sleep -Milliseconds 20 }
        }
        Get-ZoneSnapshot -Zone $zone.Uuid -Scope Root | Sort-Object Created | Select-Object -SkipLast 2 |
            Remove-ZoneSnapshot -Confirm:$false
        (Get-ZoneSnapshot -Zone $zone.Uuid -Scope Root | Sort-Object Created).Name | Should -Be @('third', 'fourth')
    }

    It 'restores a root snapshot, destroying the newer one, and the zone runs again' {
        $restore = Restore-ZoneSnapshot -Zone $zone.Uuid -Name third -Confirm:$false
        $restore.DestroyedSnapshots | Should -Be @('vmsnap-fourth')
        $restore.Restarted | Should -BeTrue
        $restore.State | Should -Be 'running'
        (Get-ZoneSnapshot -Zone $zone.Uuid -Scope Root).Name | Should -Be @('third')
    }

    It '-WhatIf changes nothing' {
        Remove-ZoneSnapshot -Zone $zone.Uuid -Name third -WhatIf
        Update-ZoneImage -Zone $zone.Uuid -ImageUuid ([guid]::NewGuid()) -WhatIf
        (Get-ZoneSnapshot -Zone $zone.Uuid -Scope Root).Name | Should -Be @('third')
    }

    It 'asks first: Restore, Remove and Update-ZoneImage are ConfirmImpact High' {
        foreach ($name in 'Restore-ZoneSnapshot', 'Remove-ZoneSnapshot', 'Update-ZoneImage') {
            $attribute = (Get-Command $name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.ConfirmImpact | Should -Be 'High'
        }
    }
}
