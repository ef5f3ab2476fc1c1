#!/usr/bin/env bash
# The test command: build the solution (Release) and run every test project, per-assembly summaries
# on the console. Exits non-zero on any failure. Works without pwsh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A fresh machine: install what the testbed needs (Debian packages; root only, as in CI).
if [[ $EUID -eq 0 ]] && ! command -v /usr/sbin/sshd /usr/sbin/zfs-fuse python3 >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends openssh-server openssh-client zfs-fuse python3 jq
fi

# The machine is reused between sessions and CI: clear sandbox CNs and pools an earlier run left.
if [[ $EUID -eq 0 ]]; then
    bash tests/testbed/testbed.sh cleanup-stale
fi

# The stand-ins' own checks (a throwaway pool; needs root and zfs-fuse like the integration tests).
if [[ $EUID -eq 0 ]]; then
    bash tests/testbed/standins/selftest.sh
fi

dotnet build ZoneDelegation.sln -c Release
dotnet test ZoneDelegation.sln -c Release --no-build --logger "console;verbosity=minimal"
