# Shared by the Pester suites (dot-sourced in their BeforeAll; not a test file itself): a sandbox CN of
# tests/testbed for one suite. Names are unique per run, so parallel runs and other suites never meet on
# one CN. Needs root, as the testbed does.

# Starts a CN and returns its description (name, address, port, user, identity_file, known_hosts, pool, env_file, ...).
function Start-TestbedCn {
    param(
        [Parameter(Mandatory)] [ValidatePattern('^[a-z][a-z0-9-]{0,14}$')] [string] $Prefix,
        [ValidateSet('smartos', 'legacy', 'illumos')] [string] $Platform = 'smartos'
    )
    $name = '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 8)
    $cn = @{}
    foreach ($line in (& bash "$PSScriptRoot/../testbed/testbed.sh" start $name --platform $Platform)) {
        $key, $value = $line -split '=', 2
        if ($value) { $cn[$key] = $value }
    }
    if (-not $cn.address) { throw "testbed.sh start $name did not describe the CN" }
    $cn
}

function Stop-TestbedCn([hashtable] $Cn) {
    if ($Cn.name) { & bash "$PSScriptRoot/../testbed/testbed.sh" stop $Cn.name | Out-Null }
}

# What Connect-ComputeNode needs to reach the CN, for splatting; the operator's ssh config is left out.
function Get-TestbedConnectParameters([hashtable] $Cn) {
    @{
        HostName = $Cn.address; Port = $Cn.port; User = $Cn.user; IdentityFile = $Cn.identity_file
        KnownHostsFile = $Cn.known_hosts; SshConfigFile = '/dev/null'
    }
}
