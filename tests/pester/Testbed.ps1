# The PowerShell side of tests/testbed: a sandbox CN for one Pester suite (dot-sourced in their BeforeAll;
# not a test file itself) or for build.ps1's Demo. Names are unique per run, so parallel runs, other suites
# and other users on the machine never meet on one CN. Needs root, as the testbed does.

# testbed.sh's key=value lines (start, env) as a hashtable; the one parser of them in PowerShell.
function ConvertFrom-TestbedOutput([string[]] $Line) {
    $values = @{}
    foreach ($entry in $Line) {
        $key, $value = $entry -split '=', 2
        if ($value) { $values[$key] = $value }
    }
    $values
}

# Starts a CN named <Prefix>-<random> and returns its description (name, address, port, user, identity_file,
# known_hosts, pool, env_file, ...). A start that fails is stopped again before the error is thrown.
function Start-TestbedCn {
    param(
        [Parameter(Mandatory)] [ValidatePattern('^[a-z][a-z0-9-]{0,14}$')] [string] $Prefix,
        [ValidateSet('smartos', 'legacy', 'illumos')] [string] $Platform = 'smartos'
    )
    $name = '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 8)
    try {
        $cn = ConvertFrom-TestbedOutput (& bash "$PSScriptRoot/../testbed/testbed.sh" start $name --platform $Platform)
        if ($LASTEXITCODE -ne 0 -or -not $cn.address) { throw "testbed.sh start $name failed (exit code $LASTEXITCODE); see the output above" }
        $cn
    } catch {
        & bash "$PSScriptRoot/../testbed/testbed.sh" stop $name | Out-Null
        throw
    }
}

function Stop-TestbedCn([hashtable] $Cn) {
    if ($Cn -and $Cn.name) { & bash "$PSScriptRoot/../testbed/testbed.sh" stop $Cn.name | Out-Null }
}

# What Connect-ComputeNode needs to reach the CN, for splatting; the operator's ssh config is left out.
function Get-TestbedConnectParameters([hashtable] $Cn) {
    @{
        HostName = $Cn.address; Port = $Cn.port; User = $Cn.user; IdentityFile = $Cn.identity_file
        KnownHostsFile = $Cn.known_hosts; SshConfigFile = '/dev/null'
    }
}

# Starts a PowerShell remoting runner named <Prefix>-<random>: a real sshd with PowerShell's SSH subsystem
# running this very pwsh (testbed.sh start-runner). Stop it with Stop-TestbedCn.
function Start-TestbedRunner {
    param([Parameter(Mandatory)] [ValidatePattern('^[a-z][a-z0-9-]{0,14}$')] [string] $Prefix)
    $name = '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 8)
    # The pinned pwsh is a dotnet tool: $PSHOME holds pwsh.dll (run by dotnet), an installed pwsh its executable.
    $pwsh = @("$PSHOME/pwsh.dll", "$PSHOME/pwsh") | Where-Object { Test-Path $_ } | Select-Object -First 1
    try {
        $runner = ConvertFrom-TestbedOutput (& bash "$PSScriptRoot/../testbed/testbed.sh" start-runner $name --pwsh $pwsh)
        if ($LASTEXITCODE -ne 0 -or -not $runner.address) { throw "testbed.sh start-runner $name failed (exit code $LASTEXITCODE); see the output above" }
        $runner
    } catch {
        & bash "$PSScriptRoot/../testbed/testbed.sh" stop $name | Out-Null
        throw
    }
}

# What Invoke-Command -HostName needs to reach a runner, for splatting: its key, and its host key verified.
function Get-TestbedRunnerParameters([hashtable] $Runner) {
    @{
        HostName = $Runner.address; Port = $Runner.port; UserName = $Runner.user; KeyFilePath = $Runner.identity_file
        Options = @{ UserKnownHostsFile = $Runner.known_hosts; StrictHostKeyChecking = 'yes' }
    }
}

# An ssh config naming each CN by its testbed name (HostName, Port, key, known_hosts): an inventory CSV then
# needs only names, as an operator's does.
function New-TestbedSshConfig([hashtable[]] $Cn, [string] $Path) {
    $Cn | ForEach-Object {
        "Host $($_.name)`n  HostName $($_.address)`n  Port $($_.port)`n  User $($_.user)`n  IdentityFile $($_.identity_file)`n  UserKnownHostsFile $($_.known_hosts)`n  StrictHostKeyChecking yes`n"
    } | Set-Content -Path $Path
    $Path
}
