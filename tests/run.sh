#!/usr/bin/env bash
# The test command (CI runs exactly this): everything a fresh machine with the .NET SDK needs is set
# up here (as root: Debian packages for the sandbox CNs; pinned pwsh 7.6.9 as a local dotnet tool;
# Pester 5.9.1 restored into tests/tools/packages), then:
#   1. the stand-ins' self-test (a throwaway zfs-fuse pool),
#   2. the xunit suites: Core, Module contract, Integration (real sshd + zfs-fuse), Hosted (a real
#      PowerShell runspace over the built module),
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
dotnet test ZoneDelegation.sln -c Release --no-build --logger "console;verbosity=minimal"

# A fresh pwsh, so the freshly built module is the one loaded.
dotnet pwsh -NoProfile -NonInteractive -File tests/pester/Invoke-PesterSuite.ps1

if [[ $EUID -eq 0 ]]; then
    dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Demo -NoBuild
else
    echo "run.sh: not root, the Demo smoke test (sandbox CN: sshd + zfs-fuse) was not run" >&2
    [[ "${CI:-}" != "true" ]] || exit 1
fi
