#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Issue 17 item 10: every Pester example in docs/*.md (a ```powershell block with a Describe) runs here, in CI,
# against sandbox CNs, and must find at least one test in each of its It blocks and pass them all. An example
# that builds -ForEach data in BeforeAll (too late: Pester 5 discovers tests first) finds none and fails here.
#
# The fleet the examples name: cns.csv in the current folder (Name, HostName, Port, User) lists a smartos sandbox
# CN named cn-a11; the identity file, known_hosts and ssh config come from $PSDefaultParameterValues, as an
# operator's ssh config would give them. Test-ZoneBootEnvironment's example gets an illumos CN with a zone instead
# (zone BEs exist there). The policy is a file of this run's own (ZONEDELEGATION_POLICY). Each example runs in a
# child pwsh with the pinned Pester, so its Describe blocks are a run of their own. Examples that are not
# Pester suites (runbooks, one-liners) are run by the hosted tests or not at all; see docs/about_ZoneDelegation.md.

BeforeDiscovery {
    $docs = Resolve-Path "$PSScriptRoot/../../docs"
    $examples = foreach ($page in Get-ChildItem -LiteralPath $docs -Filter '*.md') {
        $text = Get-Content -LiteralPath $page.FullName -Raw
        foreach ($block in [regex]::Matches($text, '(?ms)^```powershell\r?\n(.*?)^```')) {
            $code = $block.Groups[1].Value
            if ($code -match '(?m)^\s*Describe\s') { @{ Page = $page.Name; Code = $code } }
        }
    }
}

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $module = Join-Path $root 'artifacts/ZoneDelegation/ZoneDelegation.psd1'
    $pester = Join-Path $root 'tests/tools/packages/pester/5.9.1/tools/Pester.psd1'
    Import-Module $module -Force
    . "$PSScriptRoot/Testbed.ps1"
    $pwsh = if (Test-Path "$PSHOME/pwsh.dll") { @('dotnet', "$PSHOME/pwsh.dll") } else { @("$PSHOME/pwsh") }
    $env:ZONEDELEGATION_POLICY = Join-Path $TestDrive 'policy.json'
    Set-DelegationPolicy -Enabled $true -Confirm:$false | Out-Null

    $smartos = Start-TestbedCn -Prefix pester-docs
    $illumos = Start-TestbedCn -Prefix pester-docil -Platform illumos
    # A safe zone and its limits on cn-a11, as the examples expect of a fleet.
    $connect = Get-TestbedConnectParameters $smartos
    Connect-ComputeNode @connect -Name cn-a11 | Out-Null
    New-SafeZone -Alias docs-example -Brand joyent -Confirm:$false | Out-Null
    Disconnect-ComputeNode -All

    function New-Fleet([hashtable] $Cn, [string] $Name) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        [pscustomobject]@{ Name = $Name; HostName = $Cn.address; Port = $Cn.port; User = $Cn.user } |
            Export-Csv -LiteralPath (Join-Path $folder 'cns.csv')
        $folder
    }
    $fleets = @{ smartos = New-Fleet $smartos 'cn-a11'; illumos = New-Fleet $illumos 'cn-a11' }

    # Runs one example in a child pwsh; returns what Pester found and ran, per It block of the example.
    function Invoke-DocsExample([string] $Code, [hashtable] $Cn, [string] $Folder) {
        $file = Join-Path $Folder 'Example.Tests.ps1'
        Set-Content -LiteralPath $file -Value $Code
        $runner = Join-Path $Folder 'run.ps1'
        Set-Content -LiteralPath $runner -Value @'
param($Module, $Pester, $IdentityFile, $KnownHostsFile, $Example)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Import-Module $Pester
$global:PSDefaultParameterValues['Connect-ComputeNode:IdentityFile'] = $IdentityFile
$global:PSDefaultParameterValues['Connect-ComputeNode:KnownHostsFile'] = $KnownHostsFile
$global:PSDefaultParameterValues['Connect-ComputeNode:SshConfigFile'] = '/dev/null'
# An example that does not connect (most show one assertion) runs with the fleet connected.
if ((Get-Content -LiteralPath $Example -Raw) -notmatch 'Connect-ComputeNode') { Import-Csv cns.csv | Connect-ComputeNode | Out-Null }
$result = Invoke-Pester -Path $Example -PassThru -Output Detailed
$lines = @($result.Tests | Where-Object Executed | ForEach-Object { $_.ScriptBlock.StartPosition.StartLine })
[pscustomobject]@{
    Total = $result.TotalCount; Passed = $result.PassedCount; Failed = $result.FailedCount
    FailedBlocks = $result.FailedBlocksCount + $result.FailedContainersCount
    ExecutedItLines = @($lines | Sort-Object -Unique)
} | ConvertTo-Json -Compress | Set-Content -LiteralPath (Join-Path (Split-Path $Example) 'result.json')
'@
        Push-Location $Folder
        try {
            $log = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner -Module $module -Pester $pester `
                -IdentityFile $Cn.identity_file -KnownHostsFile $Cn.known_hosts -Example $file 2>&1
        } finally { Pop-Location }
        $resultFile = Join-Path $Folder 'result.json'
        if (-not (Test-Path $resultFile)) { throw "the example did not run to the end:`n$($log -join "`n")" }
        $result = Get-Content -LiteralPath $resultFile -Raw | ConvertFrom-Json
        Remove-Item -LiteralPath $resultFile, $file, $runner
        $result | Add-Member -NotePropertyName Log -NotePropertyValue ($log -join "`n") -PassThru
    }
}

AfterAll {
    Disconnect-ComputeNode -All -ErrorAction SilentlyContinue
    Stop-TestbedCn $smartos
    Stop-TestbedCn $illumos
    Remove-Item Env:ZONEDELEGATION_POLICY -ErrorAction SilentlyContinue
}

Describe 'the Pester examples of the docs' {
    It 'docs/<Page>: runs every It block at least once, and every test passes' -ForEach $examples {
        $platform = if ($Page -eq 'Test-ZoneBootEnvironment.md') { 'illumos' } else { 'smartos' }
        $cn = if ($platform -eq 'illumos') { $illumos } else { $smartos }
        $result = Invoke-DocsExample -Code $Code -Cn $cn -Folder $fleets[$platform]

        $its = @([scriptblock]::Create($Code).Ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'It' }, $true))
        $its.Count | Should -BeGreaterThan 0
        $result.Total | Should -BeGreaterThan 0 -Because $result.Log
        $result.Failed | Should -Be 0 -Because $result.Log
        $result.FailedBlocks | Should -Be 0 -Because $result.Log
        $never = @($its | Where-Object { $_.Extent.StartLineNumber -notin $result.ExecutedItLines } | ForEach-Object { $_.Extent.Text.Split("`n")[0] })
        $never | Should -BeNullOrEmpty -Because "every It block of the example must find at least one test:`n$($result.Log)"
    }
}
