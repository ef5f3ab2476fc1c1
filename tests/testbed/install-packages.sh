#!/usr/bin/env bash
# Installs the Debian packages the sandbox CNs need, when any is missing (root only; CI and a fresh
# machine). Each program is checked on its own: `command -v a b c` succeeds when any one is found.
set -euo pipefail
[[ $EUID -eq 0 ]] || exit 0

missing=()
for program in /usr/sbin/sshd /usr/bin/ssh /usr/bin/ssh-keygen /usr/sbin/zfs-fuse /usr/sbin/zpool /usr/bin/jq; do
    [[ -x $program ]] || missing+=("$program")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]} > 0)); then
    echo "install-packages: missing ${missing[*]}; installing with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends openssh-server openssh-client zfs-fuse python3 jq
fi
