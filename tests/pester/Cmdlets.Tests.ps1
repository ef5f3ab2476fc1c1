#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# The main path of every cmdlet, against a smartos sandbox CN of the testbed (real sshd + zfs-fuse,
# labelled stand-ins) that is this run's own: its name is unique per run, so parallel runs never meet.
# One Describe per cmdlet, in the order a runbook uses them. Needs root and a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1" -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pc
    $cnName = $cn.name
    $savedPolicy = $env:ZONEDELEGATION_POLICY
    # Not in $TestDrive: Pester empties it after each Describe, and the policy written in one is read in the next.
    $policyFolder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "zd-pester-$cnName")
    $env:ZONEDELEGATION_POLICY = Join-Path $policyFolder 'policy.json'
    $connectionName = "pester-$cnName"

    # A real zfs command on the CN (arrange steps only: the module never runs this way).
    function Invoke-OnCn {
        param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        & bash -c 'set -a; . "$1"; set +a; shift; "$ZD_REAL_ZFS" "$@"' zfs-on-cn $cn.env_file @Arguments
        if ($LASTEXITCODE -ne 0) { throw "zfs $Arguments failed on the sandbox CN" }
    }
}

AfterAll {
    Disconnect-ComputeNode -ComputeNode $connectionName -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    $env:ZONEDELEGATION_POLICY = $savedPolicy
    Remove-Item -LiteralPath $policyFolder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Connect-ComputeNode' {
    It 'connects over ssh with a strict host key and emits the connection' {
        $connection = Connect-ComputeNode -HostName $cn.address -Port $cn.port -User $cn.user -IdentityFile $cn.identity_file `
            -KnownHostsFile $cn.known_hosts -SshConfigFile /dev/null -Name $connectionName
        $connection.ComputeNode | Should -Be $connectionName
        $connection.Kind | Should -Be 'Ssh'
        $connection.HostName | Should -Be $cn.address
        $connection.Port | Should -Be $cn.port
        $connection.IsOpen | Should -BeTrue
    }

    It 'refuses a host it has no key for under Strict' {
        $empty = Join-Path $TestDrive 'empty_known_hosts'
        Set-Content $empty ''
        { Connect-ComputeNode -HostName $cn.address -Port $cn.port -User $cn.user -IdentityFile $cn.identity_file `
                -KnownHostsFile $empty -SshConfigFile /dev/null -Name "$connectionName-unknown" -ErrorAction Stop } |
            Should -Throw -ErrorId 'HostKeyUnknown,ZoneDelegation.Commands.ConnectComputeNodeCommand'
    }
}

Describe 'Get-ComputeNodeConnection' {
    It 'lists the connection by a wildcard' {
        $found = @(Get-ComputeNodeConnection -ComputeNode "pester-$($cnName.Substring(0, 5))*")
        $found.ComputeNode | Should -Contain $connectionName
    }
}

Describe 'Test-PlatformSupport' {
    It 'finds the sandbox CN supported, with every check passed' {
        $support = Test-PlatformSupport -ComputeNode $connectionName
        $support.ComputeNode | Should -Be $connectionName
        $support.Supported | Should -BeTrue
        $support.LiveImage | Should -Be $cn.live_image
        $support.Reasons | Should -BeNullOrEmpty
    }

    It '-Quiet answers a Boolean' {
        Test-PlatformSupport -ComputeNode $connectionName -Quiet | Should -BeTrue
    }

    It 'answers False under a minimum newer than the CN' {
        Test-PlatformSupport -ComputeNode $connectionName -MinimumPlatform 20991231T000000Z -Quiet | Should -BeFalse
    }
}

Describe 'Get-DelegationPolicy' {
    It 'shows the built-in defaults when the policy file does not exist' {
        $policy = Get-DelegationPolicy
        $policy.Source | Should -Be 'built-in defaults'
        $policy.Enabled | Should -BeTrue
        $policy.SnapshotLimit | Should -Be 128
        $policy.FilesystemLimit | Should -Be 32
    }
}

Describe 'Set-DelegationPolicy' {
    It 'writes the file and reads it back' {
        $written = Set-DelegationPolicy -SnapshotLimit 100 -FilesystemLimit 20 -PassThru -Confirm:$false
        $written.SnapshotLimit | Should -Be 100
        (Get-DelegationPolicy).Path | Should -Be $env:ZONEDELEGATION_POLICY
        Test-Path $env:ZONEDELEGATION_POLICY | Should -BeTrue
    }
}

Describe 'New-SafeZone' {
    It 'creates a safe zone with the limits of the policy just written' {
        $script:zone = New-SafeZone -ComputeNode $connectionName -Alias pester-main -Brand joyent -Quota 1GB -Confirm:$false
        $zone.ComputeNode | Should -Be $connectionName
        $zone.IsSafe | Should -BeTrue
        $zone.SnapshotLimit | Should -Be 100
        $zone.FilesystemLimit | Should -Be 20
        $zone.DelegatedDatasets | Should -HaveCount 1
        $zone.LimitPriv | Should -Match '-sys_fs_import'
    }

    It '-WhatIf creates nothing' {
        New-SafeZone -ComputeNode $connectionName -Alias pester-whatif -Brand joyent -WhatIf
        Get-SafeZone -ComputeNode $connectionName -Alias pester-whatif | Should -BeNullOrEmpty
    }
}

Describe 'Get-ComputeNodeCapacity' {
    It 'counts the new zone against the CN''s memory and pool' {
        $capacity = Get-ComputeNodeCapacity -ComputeNode $connectionName
        $capacity.ComputeNode | Should -Be $connectionName
        $capacity.PlatformSupported | Should -BeTrue
        $capacity.MemoryMiB | Should -Be 2048
        $capacity.ZoneMemoryMiB | Should -Be 256
        $capacity.UnreservedMemoryMiB | Should -Be (2048 - 256)
        $capacity.ZoneQuotaBytes | Should -Be 1GB
        $capacity.UnreservedDiskBytes | Should -Be ($capacity.PoolAvailableBytes - 1GB)
    }
}

Describe 'Get-SafeZone' {
    It 'lists the new zone as delegated and safe' {
        $found = Get-SafeZone -ComputeNode $connectionName -DelegatedOnly -Alias 'pester-*'
        $found.Uuid | Should -Be $zone.Uuid
        $found.IsSafe | Should -BeTrue
        $found.ReceiveAllowed | Should -BeFalse
    }

    It 'finds the zone by UUID' {
        (Get-SafeZone -ComputeNode $connectionName -Uuid $zone.Uuid).Alias | Should -Be 'pester-main'
    }
}

Describe 'Get-ZoneSnapshot' {
    BeforeAll {
        $pool = $cn.pool
        Invoke-OnCn snapshot "$pool/$($zone.Uuid)@machine-1"
        Invoke-OnCn snapshot "$pool/$($zone.Uuid)/data@daily-1"
        Invoke-OnCn snapshot "$pool/$($zone.Uuid)/data@daily-2"
    }

    It 'marks each snapshot Root or Delegated' {
        $snapshots = $zone | Get-ZoneSnapshot
        ($snapshots | Where-Object Scope -eq 'Root').Name | Should -Be 'machine-1'
        ($snapshots | Where-Object Scope -eq 'Delegated').Name | Sort-Object | Should -Be @('daily-1', 'daily-2')
    }

    It 'filters by scope and name' {
        @(Get-ZoneSnapshot -Zone $zone.Uuid -ComputeNode $connectionName -Scope Delegated -Name 'daily-2').Name | Should -Be 'daily-2'
    }
}

Describe 'Get-DatasetLimit' {
    It 'reads the limits, the counts and the quota' {
        $limit = $zone | Get-DatasetLimit
        $limit.SnapshotLimit | Should -Be 100
        $limit.FilesystemLimit | Should -Be 20
        $limit.SnapshotCount | Should -Be 3
        $limit.Quota | Should -Be 1GB
        $limit.LimitsSupported | Should -BeTrue
    }
}

Describe 'Set-DatasetLimit' {
    It 'sets a limit and a quota in bytes, read back' {
        $after = $zone | Set-DatasetLimit -SnapshotLimit 16 -Quota 2GB -PassThru -Confirm:$false
        $after.SnapshotLimit | Should -Be 16
        $after.Quota | Should -Be 2GB
    }

    It 'clears a limit' {
        ($zone | Set-DatasetLimit -Clear FilesystemLimit -PassThru -Confirm:$false).FilesystemLimit | Should -BeNullOrEmpty
    }

    It '-WhatIf leaves the limit as it was' {
        $zone | Set-DatasetLimit -SnapshotLimit 99 -WhatIf
        ($zone | Get-DatasetLimit).SnapshotLimit | Should -Be 16
    }
}

Describe 'Disconnect-ComputeNode' {
    It 'closes the connection' {
        Get-ComputeNodeConnection -ComputeNode $connectionName | Disconnect-ComputeNode
        Get-ComputeNodeConnection -ComputeNode $connectionName -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-SafeZone -ComputeNode $connectionName -ErrorAction Stop } |
            Should -Throw -ErrorId 'ComputeNodeNotConnected,ZoneDelegation.Commands.GetSafeZoneCommand'
    }
}
