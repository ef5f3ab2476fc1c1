#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Issue 17 items 9 and 12 against a sandbox CN of this run: an inventory CSV into Connect-ComputeNode, the default
# connection, Get-DelegationPolicy | Set-DelegationPolicy, and what runs in parallel (Start-Job is another process;
# ForEach-Object -Parallel and Start-ThreadJob share the session's connections). Needs root and a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $manifest = "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1"
    Import-Module $manifest -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pinv
    $prefix = "pinv-$($cn.name)"
    $keys = @{ IdentityFile = $cn.identity_file; KnownHostsFile = $cn.known_hosts; SshConfigFile = '/dev/null' }
    $savedPolicy = $env:ZONEDELEGATION_POLICY
    $policyFolder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "zd-pester-$($cn.name)")
    $env:ZONEDELEGATION_POLICY = Join-Path $policyFolder 'policy.json'

    function New-Inventory([string] $Name, [object[]] $Rows) {
        $path = Join-Path $TestDrive $Name
        $Rows | ForEach-Object { [pscustomobject]$_ } | Export-Csv -Path $path
        $path
    }
}

AfterAll {
    Get-ComputeNodeConnection -ComputeNode "$prefix*" | Disconnect-ComputeNode -Confirm:$false
    Stop-TestbedCn $cn
    $env:ZONEDELEGATION_POLICY = $savedPolicy
    Remove-Item -LiteralPath $policyFolder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Connect-ComputeNode from an inventory' {
    AfterEach {
        Get-ComputeNodeConnection -ComputeNode "$prefix*" | Disconnect-ComputeNode -Confirm:$false
    }

    It 'names IdentityFile and KnownHostsFile columns in one warning, and HostKeyUnknown says how to give the file' {
        $csv = New-Inventory keys.csv @(
            @{ HostName = $cn.address; Port = $cn.port; User = $cn.user; Name = "$prefix-k1"; IdentityFile = $cn.identity_file; KnownHostsFile = $cn.known_hosts }
            @{ HostName = $cn.address; Port = $cn.port; User = $cn.user; Name = "$prefix-k2"; IdentityFile = $cn.identity_file; KnownHostsFile = $cn.known_hosts })

        $out = Import-Csv $csv | Connect-ComputeNode -SshConfigFile /dev/null -ErrorAction SilentlyContinue -ErrorVariable failed -WarningVariable warned 3>$null

        $out | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        $warned[0].Message | Should -BeLike '*IdentityFile, KnownHostsFile*-IdentityFile*ssh config*'
        $failed.FullyQualifiedErrorId | Should -Be (@('HostKeyUnknown,ZoneDelegation.Commands.ConnectComputeNodeCommand') * 2)
        $failed[0].ErrorDetails.RecommendedAction | Should -BeLike '*-KnownHostsFile*-SshConfigFile*'
    }

    It 'connects the same compute node named twice once' {
        $row = @{ HostName = $cn.address; Port = $cn.port; User = $cn.user; Name = "$prefix-dup" }
        $csv = New-Inventory dup.csv @($row, $row)

        $out = @(Import-Csv $csv | Connect-ComputeNode @keys -WarningVariable warned 3>$null)

        $out.Count | Should -Be 1
        $out[0].IsOpen | Should -BeTrue
        $warned.Message | Should -BeLike '*appears 2 times in the input; it is connected once*'
        @(Get-ComputeNodeConnection -ComputeNode "$prefix-dup").Count | Should -Be 1
    }

    It 'under -ErrorAction Stop keeps the compute nodes that connected and names every failure' {
        $csv = New-Inventory dead.csv @(
            @{ HostName = '127.0.0.1'; Port = 1; User = 'root'; Name = "$prefix-dead1" }
            @{ HostName = $cn.address; Port = $cn.port; User = $cn.user; Name = "$prefix-ok1" }
            @{ HostName = '127.0.0.1'; Port = 2; User = 'root'; Name = "$prefix-dead2" }
            @{ HostName = $cn.address; Port = $cn.port; User = $cn.user; Name = "$prefix-ok2" })

        $written = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            Import-Csv $csv | Connect-ComputeNode @keys -ThrottleLimit 1 -ErrorAction Stop | ForEach-Object { $written.Add($_) }
        } catch {
            $caught = $_
        }

        $caught.FullyQualifiedErrorId | Should -Be 'ComputeNodeUnreachable,ZoneDelegation.Commands.ConnectComputeNodeCommand'
        $caught.ErrorDetails.Message | Should -BeLike "*$prefix-dead* (ComputeNodeUnreachable*"
        $caught.ErrorDetails.RecommendedAction | Should -BeLike '*The 2 host(s) of this command that connected stay connected*'
        $written.ComputeNode | Should -Be @("$prefix-ok1", "$prefix-ok2")
        (Get-ComputeNodeConnection -ComputeNode "$prefix-ok*").IsOpen | Should -Be @($true, $true)
    }
}

Describe 'The default connection' {
    AfterAll {
        Get-ComputeNodeConnection -ComputeNode "$prefix*" | Disconnect-ComputeNode -Confirm:$false
    }

    It 'answers commands without -ComputeNode while several connections are open' {
        $ssh = @{ HostName = $cn.address; Port = $cn.port; User = $cn.user } + $keys
        Connect-ComputeNode @ssh -Name "$prefix-a" | Out-Null
        Connect-ComputeNode @ssh -Name "$prefix-b" | Out-Null
        { Test-PlatformSupport -ErrorAction Stop } | Should -Throw -ErrorId 'ComputeNodeAmbiguous,*'

        (Connect-ComputeNode @ssh -Name "$prefix-b" -Default).IsDefault | Should -BeTrue

        (Test-PlatformSupport -ErrorAction Stop).ComputeNode | Should -Be "$prefix-b"
        (Get-ComputeNodeConnection | Where-Object IsDefault).ComputeNode | Should -Be "$prefix-b"
    }
}

Describe 'Get-DelegationPolicy | Set-DelegationPolicy' {
    It 'applies a policy read from another file, directly and through Export-Csv/Import-Csv' {
        $staging = Join-Path $TestDrive 'staging.json'
        $owners = [guid]'930896af-bf8c-48d4-885c-6573a94b1853', [guid]'6d6a3e7c-53a8-4ac0-b8d1-1e1b5c2d9f10'
        Set-DelegationPolicy -Path $staging -Enabled $false -AllowedOwner $owners -SnapshotLimit 50 -Confirm:$false

        $direct = Get-DelegationPolicy -Path $staging | Set-DelegationPolicy -Confirm:$false -PassThru
        Remove-Item $env:ZONEDELEGATION_POLICY
        Get-DelegationPolicy -Path $staging | Export-Csv (Join-Path $TestDrive 'policy.csv')
        $viaCsv = Import-Csv (Join-Path $TestDrive 'policy.csv') | Set-DelegationPolicy -Confirm:$false -PassThru

        foreach ($applied in $direct, $viaCsv) {
            $applied.Path | Should -Be $env:ZONEDELEGATION_POLICY
            $applied.Enabled | Should -BeFalse
            $applied.AllowedOwners | Should -Be $owners
            $applied.SnapshotLimit | Should -Be 50
        }
    }
}

Describe 'Parallel work and the connections of the process' {
    BeforeAll {
        $ssh = @{ HostName = $cn.address; Port = $cn.port; User = $cn.user } + $keys
        Connect-ComputeNode @ssh -Name "$prefix-par" | Out-Null
    }

    AfterAll {
        Disconnect-ComputeNode -ComputeNode "$prefix-par" -ErrorAction SilentlyContinue
    }

    It 'Start-Job runs in another process: the error says connections are per process and what shares them' {
        $name = "$prefix-par"
        $job = Start-Job { Import-Module $using:manifest; Test-PlatformSupport -ComputeNode $using:name }
        $null = $job | Wait-Job
        $failure = $job.ChildJobs[0].Error | Select-Object -First 1
        $job | Remove-Job

        $failure.FullyQualifiedErrorId | Should -BeLike 'ComputeNodeNotConnected,*'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*Start-Job*ForEach-Object -Parallel*Start-ThreadJob*'
    }

    It 'ForEach-Object -Parallel and Start-ThreadJob see the connections' {
        $name = "$prefix-par"
        # The module is imported here by path (an installed one loads by itself); it is the same assembly, so the same connections.
        $parallel = $name | ForEach-Object -Parallel {
            Import-Module $using:manifest
            (Test-PlatformSupport -ComputeNode $_ -ErrorAction Stop).ComputeNode
        }
        $threadJob = Start-ThreadJob { Import-Module $using:manifest; (Test-PlatformSupport -ComputeNode $using:name -ErrorAction Stop).ComputeNode } |
            Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop

        $parallel | Should -Be $name
        $threadJob | Should -Be $name
    }
}
