#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite for the zone boot environment cmdlets against an illumos sandbox CN of the testbed
# (real sshd + zfs-fuse; zoneadm and beadm are labelled stand-ins). Needs root, pwsh 7.4+ and a built
# module. Not run on the build machine of this repository (no pwsh); the hosted-runspace suite covers
# the same ground in CI.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    $testbed = "$root/tests/testbed/testbed.sh"
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pester-il -Platform illumos
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $connect = Get-TestbedConnectParameters $cn
    Connect-ComputeNode @connect -Name pester-il | Out-Null
    function Get-Listing {
        & /usr/sbin/zfs list -t all -o 'name,origin,org.opensolaris.libbe:active,org.opensolaris.libbe:parentbe' -r $cn.pool | Out-String
    }
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'zone boot environments on an illumos sandbox CN' {
    It 'every zone on every compute node is bootable' {
        Test-ZoneBootEnvironment -ComputeNode (Get-ComputeNodeConnection) -Quiet | Should -BeTrue
    }

    It 'lists the BEs of z1 with their global BEs' {
        $bes = Get-ZoneBootEnvironment -Zone z1
        ($bes | Where-Object Name -eq zbe).ParentGlobalBe | Should -Be 'omnios-r151048'
        ($bes | Where-Object Name -eq zbe).ActiveOnBoot | Should -BeTrue
        ($bes | Where-Object Name -eq zbe-old).ActiveOnBoot | Should -BeFalse
    }

    It 'Get | Remove -WhatIf changes nothing' {
        & bash $testbed illumos-zone $cn.name pz1
        New-ZoneBootEnvironment -Zone pz1 -Name zbe-1 -Confirm:$false | Out-Null
        $before = Get-Listing
        Get-ZoneBootEnvironment -Zone pz1 -Name zbe-1 | Remove-ZoneBootEnvironment -WhatIf
        Get-Listing | Should -Be $before
    }

    It 'removes a BE with a dependent clone and keeps the clone' {
        Enable-ZoneBootEnvironment -Zone pz1 -Name zbe-1 -Confirm:$false | Out-Null
        Remove-ZoneBootEnvironment -Zone pz1 -Name zbe -Confirm:$false
        (Get-ZoneBootEnvironment -Zone pz1).Name | Should -Be @('zbe-1')
        Test-ZoneBootEnvironment -Zone pz1 -Quiet | Should -BeTrue
    }

    It 'refuses the BE the zone boots, changing nothing' {
        $before = Get-Listing
        { Remove-ZoneBootEnvironment -Zone pz1 -Name zbe-1 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'BootEnvironmentActive,*'
        Get-Listing | Should -Be $before
    }

    It 'repairs a zone with no active BE' {
        & /usr/sbin/zfs set org.opensolaris.libbe:active=off "$($cn.pool)/zones/pz1/ROOT/zbe-1"
        Test-ZoneBootEnvironment -Zone pz1 -Quiet | Should -BeFalse
        Repair-ZoneBootEnvironment -Zone pz1 -Confirm:$false | Out-Null
        Test-ZoneBootEnvironment -Zone pz1 -Quiet | Should -BeTrue
    }
}
