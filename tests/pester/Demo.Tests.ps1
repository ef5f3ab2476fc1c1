#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# build.ps1 -Task Demo on a machine where someone else's CN named 'demo' is up (the name the Demo once used
# for its own): the Demo must run on a CN of its own, stop that one, and leave the other running. A testbed
# root of its own (ZD_TESTBED_ROOT) keeps every CN of this file away from other runs. Needs root.

BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    $testbed = Join-Path $root 'tests/testbed/testbed.sh'
    $savedTestbedRoot = $env:ZD_TESTBED_ROOT
    $env:ZD_TESTBED_ROOT = Join-Path ([System.IO.Path]::GetTempPath()) ('zd-demo-test-{0}' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    & bash $testbed start demo --platform smartos | Out-Null
    # The pinned pwsh runs from its dotnet tool folder; a child is the same pwsh.
    $pwsh = if (Test-Path "$PSHOME/pwsh.dll") { @('dotnet', "$PSHOME/pwsh.dll") } else { @("$PSHOME/pwsh") }
}

AfterAll {
    foreach ($line in (& bash $testbed list)) { & bash $testbed stop ($line -split "`t")[0] | Out-Null }
    Remove-Item -LiteralPath $env:ZD_TESTBED_ROOT -Recurse -Force -ErrorAction SilentlyContinue
    $env:ZD_TESTBED_ROOT = $savedTestbedRoot
}

Describe 'build.ps1 -Task Demo' {
    It 'runs on a CN of its own, stops it at the end, and leaves a CN named demo running' {
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') -Task Demo -NoBuild 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output -join "`n" | Should -Match 'zdtb_demo_[0-9a-f]{8}_' -Because 'the zone lives on the pool of a demo-<random> CN'
        & bash $testbed list | ForEach-Object { ($_ -split "`t")[0..1] -join ' ' } | Should -Be @('demo running')

        # Issue 17 item 11: the log is plain text when captured, and the Snapshots section lists snapshots.
        $text = $output -join "`n"
        $text | Should -Not -Match "`e" -Because 'a captured Demo log carries no ANSI escape sequences'
        $section = ($text -split '(?m)^== ')[1..99] | Where-Object { $_ -like 'Snapshots*' }
        $section | Should -Not -BeNullOrEmpty -Because 'the Demo has a Snapshots section'
        $section | Should -Match '(?m)^Root\s+\S.*\bbefore-upgrade\s*$' -Because 'the machine snapshot is listed'
        $section | Should -Match '(?m)^Delegated\s+\S.*\btenant-nightly\s*$' -Because "the tenant's snapshot is listed"
    }
}
