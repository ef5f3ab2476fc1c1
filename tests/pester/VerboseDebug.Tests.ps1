#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Pester 5 suite for issue 17 item 4: -Verbose shows every remote command (the -WhatIf command line, the CN, the
# exit status, the duration), -Debug the cache decisions, and no cmdlet ends under -Debug when its questions cannot
# be asked (a console whose stdin is at end of file). Against a sandbox CN of the testbed; needs root, pwsh 7.4+ and
# a built module.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $module = "$root/artifacts/ZoneDelegation/ZoneDelegation.psd1"
    Import-Module $module -Force
    . "$PSScriptRoot/Testbed.ps1"
    $cn = Start-TestbedCn -Prefix pester-vrb
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    $connect = Get-TestbedConnectParameters $cn
    Connect-ComputeNode @connect -Name pester-vrb | Out-Null
    $zone = New-SafeZone -Alias pester-vrb -Brand joyent -Confirm:$false
    # The pinned pwsh runs from its dotnet tool folder; a child is the same pwsh.
    $pwsh = if (Test-Path "$PSHOME/pwsh.dll") { @('dotnet', "$PSHOME/pwsh.dll") } else { @("$PSHOME/pwsh") }
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $cn
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe '-Verbose and -Debug' {
    It 'writes each remote command of a read with its CN, exit status and duration' {
        $verbose = Get-SafeZone -Zone $zone.Uuid -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Match "^pester-vrb: LC_ALL=C 'vmadm' 'lookup' .* \(exit 0, \d+ ms\)$"
    }

    It 'shows the cache decisions under -Debug, and asks nothing' {
        $debug = Test-PlatformSupport -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        @($debug | Where-Object Message -like 'pester-vrb: platform cache: *').Count | Should -BeGreaterThan 0
        @($debug | Where-Object Message -like 'pester-vrb: connection cache: *').Count | Should -BeGreaterThan 0
    }

    It 'New-ZoneSnapshot -Debug with stdin at end of file warns and takes the snapshot' {
        # A console that cannot answer PowerShell's -Debug question after the coverage warning (stdin at end of file,
        # as `pwsh ... < /dev/null` gives it): before the fix the cmdlet ended with "Object reference not set to an
        # instance of an object". The child's stdin is /dev/null itself (a pipe from Start-Process answers differently).
        $script = Join-Path $TestDrive 'snapshot-debug.ps1'
        Set-Content -Path $script -Value @'
param($Module, $HostName, $Port, $User, $IdentityFile, $KnownHostsFile, $Zone)
Import-Module $Module
Connect-ComputeNode -HostName $HostName -Port $Port -User $User -IdentityFile $IdentityFile -KnownHostsFile $KnownHostsFile `
    -SshConfigFile /dev/null -Name pester-vrb | Out-Null
New-ZoneSnapshot -Zone $Zone -Name debugged -Debug -ErrorVariable failed | ForEach-Object { "created $($_.ZfsName)" }
if ($failed) { exit 3 }
'@
        $out = Join-Path $TestDrive 'out.txt'
        & bash -c 'out=$1; shift; exec "$@" < /dev/null > "$out" 2>&1' run $out @pwsh -NoProfile -File $script -Module $module -HostName $cn.address `
            -Port $cn.port -User $cn.user -IdentityFile $cn.identity_file -KnownHostsFile $cn.known_hosts -Zone $zone.Uuid
        $exitCode = $LASTEXITCODE
        $text = Get-Content $out -Raw

        $text | Should -Not -Match 'Object reference not set'
        $exitCode | Should -Be 0 -Because $text
        $text | Should -Match 'created vmsnap-debugged'
        $text | Should -Match 'cover the zone root only'
        (Get-ZoneSnapshot -Zone $zone.Uuid -Scope Root).Name | Should -Contain 'debugged'
    }
}
