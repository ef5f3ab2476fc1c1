#!/usr/bin/env bash
# The test command (CI runs exactly this): everything a fresh machine with the .NET SDK needs is set
# up here (as root: Debian packages for the sandbox CNs; pinned pwsh 7.6.9 as a local dotnet tool;
# Pester 5.9.1 restored into tests/tools/packages), then:
#   1. the stand-ins' self-test (a throwaway zfs-fuse pool),
#   2. the xunit suites, one after the other: Core, Module contract, Integration (real sshd + zfs-fuse),
#      Hosted (a real PowerShell runspace over the built module),
#   3. the Pester suites (tests/pester) in the pinned pwsh,
#   4. the README's main job (build.ps1 -Task Demo) as a smoke test.
# Exits non-zero on any failure. Under CI=true nothing that needs the testbed may skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tests/testbed/install-packages.sh
dotnet tool restore
dotnet restore tests/tools/TestTools.csproj

# The machine is reused between sessions and CI: clear sandbox CNs and pools an earlier run left.
if [[ $EUID -eq 0 ]]; then
    bash tests/testbed/testbed.sh cleanup-stale || echo "run.sh: warning: cleanup-stale could not clear every leftover; going on" >&2
    bash tests/testbed/standins/selftest.sh
fi

dotnet build ZoneDelegation.sln -c Release

# One suite after the other, not in parallel: on 2 cores the suites' sandbox CNs and timeouts are then
# measured on a machine that is not also running the other suites. A failing suite does not stop the
# rest, so one run reports everything; the exit status says whether anything failed.
failed=()
for suite in ZoneDelegation.Core.Tests ZoneDelegation.Module.Tests ZoneDelegation.IntegrationTests ZoneDelegation.HostedTests; do
    dotnet test "tests/$suite" -c Release --no-build --logger "console;verbosity=minimal" || failed+=("$suite")
done

# A fresh pwsh, so the freshly built module is the one loaded.
dotnet pwsh -NoProfile -NonInteractive -File tests/pester/Invoke-PesterSuite.ps1 || failed+=(Pester)

if [[ $EUID -eq 0 ]]; then
    dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Demo -NoBuild || failed+=(Demo)
else
    echo "run.sh: not root, the Demo smoke test (sandbox CN: sshd + zfs-fuse) was not run" >&2
    [[ "${CI:-}" != "true" ]] || failed+=(Demo)
fi

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "run.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "run.sh: every suite passed"
