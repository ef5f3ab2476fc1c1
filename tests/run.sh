#!/usr/bin/env bash
# The test command: build the solution (Release) and run every test project, per-assembly summaries
# on the console. Exits non-zero on any failure. Works without pwsh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The machine is reused between sessions and CI: clear sandbox CNs and pools an earlier run left.
if [[ $EUID -eq 0 ]]; then
    bash tests/testbed/testbed.sh cleanup-stale
fi

dotnet build ZoneDelegation.sln -c Release
dotnet test ZoneDelegation.sln -c Release --no-build --logger "console;verbosity=normal"
