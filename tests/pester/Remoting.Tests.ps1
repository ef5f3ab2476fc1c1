#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Issue 18 part 3: a fleet larger than one machine runs on a runner per data center through PowerShell's own
# remoting over SSH (docs/fleet-beyond-one-machine.md). A real runner (sshd with "Subsystem powershell
# <pinned pwsh> -sshs -NoLogo") reaches two sandbox CNs; what comes back is deserialized, and must still render
# with the module's views, filter on Remediable, and round-trip through a CSV into Repair-SafeZone on the runner.
# Needs root, pwsh 7.4+ and a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $module = "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1"
    Import-Module $module -Force
    . "$PSScriptRoot/Testbed.ps1"
    $testbed = "$root/tests/testbed/testbed.sh"
    $cns = @((Start-TestbedCn -Prefix pester-rm), (Start-TestbedCn -Prefix pester-rm))
    $runner = Start-TestbedRunner -Prefix pester-runner
    $remote = Get-TestbedRunnerParameters $runner

    # Each CN: one zone that keeps the policy and one that lacks its limits (remediable without a reboot).
    function New-StandinZone([hashtable] $Cn, [hashtable] $Payload) {
        $cnEnv = @(& bash $testbed env $Cn.name)
        $Payload.uuid = [guid]::NewGuid().ToString()
        $Payload | ConvertTo-Json -Compress | & env @cnEnv vmadm create 2>$null
        if ($LASTEXITCODE -ne 0) { throw "vmadm create on $($Cn.name) failed" }
        $Payload.uuid
    }
    $broken = foreach ($cn in $cns) {
        New-StandinZone $cn @{ brand = 'joyent'; alias = 'rm-safe'; delegate_dataset = $true; limit_priv = 'default,-sys_fs_import'; zfs_snapshot_limit = 128; zfs_filesystem_limit = 32 } | Out-Null
        New-StandinZone $cn @{ brand = 'joyent'; alias = 'rm-nolimits'; delegate_dataset = $true; limit_priv = 'default,-sys_fs_import' }
    }

    # The data center's inventory as the runner reads it: names only; the ssh config says how to reach them.
    $sshConfig = New-TestbedSshConfig -Cn $cns -Path (Join-Path $TestDrive 'ssh_config')
    $dc = Join-Path $TestDrive 'dc1.csv'
    $cns | ForEach-Object { [pscustomobject]@{ HostName = $_.name; Name = $_.name } } | Export-Csv -Path $dc
}

AfterAll {
    @($runner) + $cns | ForEach-Object { Stop-TestbedCn $_ }
}

Describe 'A runner per data center, through PowerShell remoting over SSH' {
    BeforeAll {
        # The docs' example, word for word but for the paths this test made.
        $results = @(Invoke-Command @remote -ScriptBlock {
            Import-Module $using:module
            Import-Csv $using:dc | Connect-ComputeNode -SshConfigFile $using:sshConfig | Test-ZoneCompliance
        })
    }

    It 'returns every zone of both CNs, deserialized' {
        $results | Should -HaveCount 4
        $results | ForEach-Object { $_.PSObject.TypeNames[0] } | Sort-Object -Unique |
            Should -Be 'Deserialized.ZoneDelegation.Core.Compliance.ZoneCompliance'
        $results.ComputeNode | Sort-Object -Unique | Should -Be ($cns.name | Sort-Object)
    }

    It 'renders them with the module''s table view, not as lists of every property' {
        $text = $results | Out-String -Width 120
        # PowerShell itself adds the runner's name (PSComputerName) to remote results, as for any remote command.
        $text | Should -Match '(?m)^Zone\s+Compliant\s+FindingCodes\s+Alias\s+PSComputerName\s*$'
        $text | Should -Not -Match 'RunspaceId|PSShowComputerName'
        foreach ($cn in $cns) { $text | Should -Match ([regex]::Escape("ComputeNode: $($cn.name)")) }
    }

    It 'still filters on Remediable' {
        $remediable = @($results | Where-Object Remediable)
        $remediable.Zone | Sort-Object | Should -Be ($broken | Sort-Object)
        $remediable | ForEach-Object { $_.FindingCodes } | Should -Match 'SnapshotLimitMissing'
    }

    It 'pipes a CSV of them into Repair-SafeZone on the runner, which fixes exactly those zones' {
        $csv = Join-Path $TestDrive 'remediable.csv'
        $results | Where-Object Remediable | Export-Csv -Path $csv
        $repairs = @(Invoke-Command @remote -ScriptBlock {
            Import-Module $using:module
            Import-Csv $using:dc | Connect-ComputeNode -SshConfigFile $using:sshConfig | Out-Null
            Import-Csv $using:csv | Repair-SafeZone -Confirm:$false
        })
        $repairs | Should -HaveCount 2
        $repairs.Zone | Sort-Object | Should -Be ($broken | Sort-Object)
        $repairs | ForEach-Object { $_.Changed } | Should -Be @($true, $true)
        $repairs | Out-String -Width 120 | Should -Match '(?m)^Zone\s+Changed\s+RestartRequired\s+Fixed\s+PSComputerName\s*$'

        $after = @(Invoke-Command @remote -ScriptBlock {
            Import-Module $using:module
            Import-Csv $using:dc | Connect-ComputeNode -SshConfigFile $using:sshConfig | Test-ZoneCompliance
        })
        $after | Should -HaveCount 4
        $after | Where-Object { -not $_.Compliant } | Should -BeNullOrEmpty
    }
}
