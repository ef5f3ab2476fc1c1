#!/usr/bin/env bash
# Sandbox compute nodes (CNs) for the ZoneDelegation tests, on this machine.
#
# A sandbox CN is: a REAL OpenSSH sshd on its own 127.0.0.N address with a generated host key and
# client key, a REAL ZFS pool (zfs-fuse, file-backed, unique name zdtb_<name>_<random>), and the
# SmartOS commands that cannot exist on Linux (sysinfo, and for platform smartos: zfs/zpool
# wrappers, ppriv, vmadm) as LABELLED STAND-INS from tests/testbed/standins on the CN's PATH.
#
#   testbed.sh start <name> [--platform smartos|legacy|illumos] [--live-image STAMP] [--memory-mib N] [--address 127.0.0.N] [--port P] [--no-pool]
#     (--no-pool: sshd and stand-ins only, no zfs-fuse pool; light CNs for fan-out benchmarks)
#   testbed.sh stop <name> | stop-all | cleanup-stale [--folders-only] | ensure-zfs-fuse | env <name> | describe <name> | list
#   testbed.sh kill-sshd <name>     (fault injection: SIGKILL the CN's sshd and every session under it)
#   testbed.sh illumos-zone <name> <zone> [--layout illumos|solaris11]   (platform illumos: add a zone with one
#     active BE zbe, in <zonepath ds>/ROOT (illumos, the default) or <zonepath ds>/rpool/ROOT (Solaris 11))
#   testbed.sh add-pool <name>      (a second pool for the CN: prints its name; vmadm create accepts it as payload zpool)
#   testbed.sh start-runner <name> --pwsh <pwsh|pwsh.dll> [--address 127.0.0.N] [--port P]
#     (a PowerShell remoting runner: sshd with "Subsystem powershell <pwsh> -sshs -NoLogo", no CN commands)
#
# State lives in ${ZD_TESTBED_ROOT:-/tmp/zd-testbed}/<name>/. Everything started here can be stopped
# here, and every subcommand is safe to run twice. Needs root, openssh-server, zfs-fuse, python3.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STANDINS="$HERE/standins"
ROOT=${ZD_TESTBED_ROOT:-/tmp/zd-testbed}
SSHD=/usr/sbin/sshd
REAL_ZFS=/usr/sbin/zfs
REAL_ZPOOL=/usr/sbin/zpool

die() { echo "testbed: $*" >&2; exit 1; }
log() { echo "testbed: $*" >&2; }

usage() {
    sed -n '9,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

check_name() {
    [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,23}$ ]] || die "CN name '$1' must be 1-24 characters of a-z, 0-9 and '-', not starting with '-'"
}

check_root_path() {
    # Paths end up in sshd_config and in KEY=VALUE env lines: keep them free of blanks and quotes.
    [[ "$ROOT" =~ ^/[A-Za-z0-9._/-]+$ ]] || die "ZD_TESTBED_ROOT '$ROOT' must be an absolute path without blanks or quotes"
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

sshd_pid() {
    local dir=$1
    [[ -f "$dir/sshd.pid" ]] && cat "$dir/sshd.pid" || true
}

sshd_running() {
    local dir=$1 pid
    pid=$(sshd_pid "$dir")
    pid_alive "$pid" && grep -q sshd "/proc/$pid/cmdline" 2>/dev/null
}

# All descendants of a pid, deepest last (ps --ppid, recursively).
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

describe_value() { [[ -f "$1/description" ]] || return 0; sed -n "s/^$2=//p" "$1/description" | head -n1; }

# The daemon is up when it answers, not when a process of that name exists: a zfs-fuse that was killed
# (with the machine's previous session) lingers as a zombie for a while and answers nothing.
# In a subshell, so a zpool that aborts while the daemon starts stays quiet; bounded, as a wedged daemon never answers.
zfs_fuse_answers() { ( timeout 10 "$REAL_ZPOOL" list; exit $? ) >/dev/null 2>&1; }
zfs_fuse_process_alive() { ps -C zfs-fuse -o stat= 2>/dev/null | grep -qv '^Z'; }

ensure_zfs_fuse() {
    local i
    zfs_fuse_answers && return
    if zfs_fuse_process_alive; then
        # Another run may be starting it right now: give it time to answer before replacing it.
        for i in $(seq 1 100); do
            zfs_fuse_answers && return
            sleep 0.1
        done
        # Only a daemon this testbed started is replaced; one started otherwise is not ours to kill.
        local zpid
        zpid=$(cat "$ROOT/zfs-fuse.pid" 2>/dev/null || true)
        pid_alive "$zpid" || die "zfs-fuse runs but does not answer, and it was not started by this testbed; stop it and retry"
        log "zfs-fuse (pid $zpid) runs but does not answer; restarting it"
        kill -TERM "$zpid" 2>/dev/null || true
        sleep 1
        kill -KILL "$zpid" 2>/dev/null || true
    fi
    mkdir -p "$ROOT"
    rm -f "$ROOT/zfs-fuse.pid"
    log "starting zfs-fuse (pidfile $ROOT/zfs-fuse.pid)"
    zfs-fuse -p "$ROOT/zfs-fuse.pid" --no-kstat-mount
    for i in $(seq 1 100); do
        zfs_fuse_answers && return
        sleep 0.1
    done
    die "zfs-fuse did not come up"
}

free_port() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.bind((sys.argv[1], 0))
print(s.getsockname()[1])
s.close()
PY
}

default_address() {
    # Stable per name, so a CN keeps its address across restarts; the port keeps CNs apart anyway.
    local sum
    sum=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
    echo "127.0.0.$(( 2 + sum % 250 ))"
}

known_hosts_pattern() {
    local address=$1 port=$2
    if [[ "$port" == 22 ]]; then echo "$address"; else echo "[$address]:$port"; fi
}

# A CN or runner already up under this name prints its description (starting twice is safe) and returns 0;
# the leftovers of a stopped one are removed and it returns 1.
up_already() {
    local name=$1 dir="$ROOT/$1"
    if [[ -d "$dir" ]] && sshd_running "$dir"; then
        cat "$dir/description"
        return 0
    fi
    [[ -d "$dir" ]] && cmd_stop "$name"
    return 1
}

# Prints "<address> <port>": those given, checked, or the name's stable loopback address and a free port on it.
checked_endpoint() {
    local name=$1 address=$2 port=$3
    address=${address:-$(default_address "$name")}
    [[ "$address" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "--address must be a 127.x.y.z loopback address"
    port=${port:-$(free_port "$address")}
    [[ "$port" =~ ^[0-9]{1,5}$ ]] || die "--port must be a number"
    echo "$address $port"
}

# Keys: the host key, and the operator's client key that the host authorizes; known_hosts for the client.
generate_keys() {
    local dir=$1 name=$2 address=$3 port=$4
    ssh-keygen -q -t ed25519 -N '' -C "zd-testbed-host-$name" -f "$dir/ssh_host_ed25519_key"
    ssh-keygen -q -t ed25519 -N '' -C "zd-testbed-client-$name" -f "$dir/id_ed25519"
    cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
    echo "$(known_hosts_pattern "$address" "$port") $(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")" > "$dir/known_hosts"
}

# The sshd_config lines every testbed sshd shares: its address, host key, key-only root login, no forwarding, no TTY.
sshd_config_common() {
    local dir=$1 address=$2 port=$3
    cat <<EOF
ListenAddress $address:$port
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
PrintMotd no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTTY no
EOF
}

# Starts the sshd of $dir/sshd_config and returns once it accepts connections.
launch_sshd() {
    local dir=$1 name=$2 address=$3 port=$4 i
    "$SSHD" -t -f "$dir/sshd_config" || die "sshd rejected $dir/sshd_config"
    "$SSHD" -f "$dir/sshd_config" -E "$dir/sshd.log"
    for i in $(seq 1 100); do
        if sshd_running "$dir" && python3 - "$address" "$port" <<'PY' 2>/dev/null
import socket, sys
socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
PY
        then
            break
        fi
        sleep 0.05
    done
    sshd_running "$dir" || die "sshd for '$name' did not start; see $dir/sshd.log"
}

cmd_start() {
    local name="" platform=smartos live_image="" memory_mib=2048 address="" port="" with_pool=1
    [[ $# -ge 1 ]] || usage
    name=$1; shift
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --platform) platform=${2:?}; shift 2 ;;
            --live-image) live_image=${2:?}; shift 2 ;;
            --memory-mib) memory_mib=${2:?}; shift 2 ;;
            --address) address=${2:?}; shift 2 ;;
            --port) port=${2:?}; shift 2 ;;
            --no-pool) with_pool=0; shift ;;
            *) die "unknown option '$1'" ;;
        esac
    done
    check_name "$name"
    check_root_path
    case "$platform" in
        smartos) live_image=${live_image:-20240101T000000Z} ;;
        legacy) live_image=${live_image:-20141030T081701Z} ;;
        illumos) live_image=${live_image:-20240101T000000Z} ;;
        *) die "--platform must be smartos, legacy or illumos" ;;
    esac
    [[ $with_pool == 1 || "$platform" != illumos ]] || die "--no-pool does not go with platform illumos (its zones live on the pool)"
    [[ "$live_image" =~ ^[0-9]{8}T[0-9]{6}Z$ ]] || die "--live-image '$live_image' is not a platform stamp (YYYYMMDDTHHMMSSZ)"
    [[ "$memory_mib" =~ ^[1-9][0-9]{0,8}$ ]] || die "--memory-mib '$memory_mib' is not a whole number of MiB"
    [[ $EUID -eq 0 ]] || die "must run as root (sshd, zfs-fuse)"
    [[ -x "$SSHD" ]] || die "$SSHD is missing: apt-get install openssh-server"
    command -v zfs-fuse >/dev/null || die "zfs-fuse is missing: apt-get install zfs-fuse"

    local dir="$ROOT/$name" endpoint
    up_already "$name" && return
    endpoint=$(checked_endpoint "$name" "$address" "$port")
    read -r address port <<<"$endpoint"


    mkdir -p "$ROOT"
    mkdir -m 700 "$dir"
    mkdir -p "$dir/bin" "$dir/home" /run/sshd

    generate_keys "$dir" "$name" "$address" "$port"
    local fingerprint
    fingerprint=$(ssh-keygen -l -f "$dir/ssh_host_ed25519_key.pub" | awk '{print $2}')

    # The pool: a real zfs-fuse pool on a sparse file; nothing is mounted on the host (-m none).
    local pool=""
    if [[ $with_pool == 1 ]]; then
        ensure_zfs_fuse
        pool="zdtb_${name//-/_}_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        truncate -s 256M "$dir/pool.img"
        "$REAL_ZPOOL" create -m none "$pool" "$dir/pool.img" >&2
    fi

    # The CN's PATH: stand-ins first, then the real system.
    local standins=(sysinfo)
    [[ "$platform" == smartos ]] && standins=(sysinfo zfs zpool ppriv vmadm ps)
    [[ "$platform" == illumos ]] && standins=("${ILLUMOS_STANDINS[@]}")
    local s
    for s in "${standins[@]}"; do
        [[ -f "$STANDINS/$s" ]] && ln -sf "$STANDINS/$s" "$dir/bin/$s"
    done

    cat > "$dir/env" <<EOF
PATH=$dir/bin:/usr/sbin:/usr/bin:/sbin:/bin
ZD_CN_NAME=$name
ZD_CN_DIR=$dir
ZD_POOL=$pool
ZD_PLATFORM=$platform
ZD_LIVE_IMAGE=$live_image
ZD_MEMORY_MIB=$memory_mib
ZD_REAL_ZFS=$REAL_ZFS
ZD_REAL_ZPOOL=$REAL_ZPOOL
EOF

    # What sshd runs for every session (ForceCommand): the CN's environment, then the client's command.
    cat > "$dir/cn-shell" <<EOF
#!/bin/sh
# Sandbox CN '$name' (ZoneDelegation testbed): sets the CN's environment, runs the client's command.
while IFS='=' read -r key value; do
    export "\$key=\$value"
done < '$dir/env'
if [ -z "\${SSH_ORIGINAL_COMMAND:-}" ]; then
    exec /bin/sh
fi
exec /bin/sh -c "\$SSH_ORIGINAL_COMMAND"
EOF
    chmod 755 "$dir/cn-shell"

    {
        echo "# Sandbox CN '$name' of the ZoneDelegation testbed. Root login by key only."
        sshd_config_common "$dir" "$address" "$port"
        echo "ForceCommand $dir/cn-shell"
        cat <<EOF
# Many commands share one multiplexed connection in the tests (OpenSSH's default is 10).
MaxSessions 64
MaxStartups 100:30:200
# The CN's root has a home of its own. sshd runs every session through root's login shell (bash here), and
# Debian's bash sources ~/.bashrc for a command sent over ssh: this machine's /root/.bashrc (pyenv init, which
# rehashes under one global lock) then made concurrent sessions queue for up to a minute each, so a busy test
# run saw channels and commands time out on a healthy CN (issue 19).
SetEnv HOME=$dir/home
EOF
    } > "$dir/sshd_config"

    launch_sshd "$dir" "$name" "$address" "$port"

    [[ "$platform" == illumos ]] && illumos_setup "$dir" "$pool"

    cat > "$dir/description" <<EOF
name=$name
address=$address
port=$port
user=root
identity_file=$dir/id_ed25519
known_hosts=$dir/known_hosts
host_key_fingerprint=$fingerprint
pool=$pool
cn_dir=$dir
platform=$platform
live_image=$live_image
memory_mib=$memory_mib
env_file=$dir/env
EOF
    cat "$dir/description"
}

# --- Platform illumos (zone boot environments) -------------------------------------------------
# An OmniOS-like CN: no sysinfo and no vmadm; the labelled stand-ins `zoneadm` and `beadm` on its PATH,
# every dataset real on its zfs-fuse pool (see STANDINS.md):
#   <pool>/ROOT/omnios-r151046 and <pool>/ROOT/omnios-r151048, each with org.opensolaris.libbe:uuid;
#   the CN "booted" omnios-r151048 ($dir/illumos/booted, read by the beadm stand-in);
#   <pool>/zones (mountpoint none) holds the zones: <pool>/zones/<zone> mounted (canmount=noauto, so
#   never actually) at the zonepath $dir/zones/<zone>, its BE container ROOT (zoned=on, mountpoint
#   legacy, canmount=off) and zone BEs ROOT/<zbe> (canmount=noauto, parentbe, active).
# A sample zone z1 has one BE zbe of the booted global BE (active=on) and zbe-old of the older one.
# Tests add their own zones with `testbed.sh illumos-zone <cn> <zone>` or with zfs directly; with
# `--layout solaris11` the zone keeps its BEs one level down, as Solaris 11 zones do: <zonepath ds>/rpool
# (the zone's own rpool, zoned=on) holds the container rpool/ROOT and the BE rpool/ROOT/zbe.
# A global BE without org.opensolaris.libbe:uuid is simply `zfs create <pool>/ROOT/<be>` (beadm prints "(null)").
ILLUMOS_STANDINS=(zoneadm beadm)
ILLUMOS_OLD_UUID=6a0c3d5e-1b2f-4c8d-9e7a-51f0b2c3d401
ILLUMOS_NEW_UUID=7b1d4e6f-2c3a-4d9e-8f8b-62a1c3d4e502

illumos_setup() {
    local dir=$1 pool=$2
    mkdir -p "$dir/illumos" "$dir/zones"
    "$REAL_ZFS" create -o canmount=off -o mountpoint=legacy "$pool/ROOT"
    "$REAL_ZFS" create -o canmount=noauto -o mountpoint=legacy \
        -o org.opensolaris.libbe:uuid=$ILLUMOS_OLD_UUID -o org.opensolaris.libbe:policy=static "$pool/ROOT/omnios-r151046"
    "$REAL_ZFS" create -o canmount=noauto -o mountpoint=legacy \
        -o org.opensolaris.libbe:uuid=$ILLUMOS_NEW_UUID -o org.opensolaris.libbe:policy=static "$pool/ROOT/omnios-r151048"
    echo omnios-r151048 > "$dir/illumos/booted"
    "$REAL_ZFS" create -o mountpoint=none "$pool/zones"
    illumos_zone_in "$dir" "$pool" z1
    "$REAL_ZFS" create -o canmount=noauto -o org.opensolaris.libbe:parentbe=$ILLUMOS_OLD_UUID \
        -o org.opensolaris.libbe:active=on "$pool/zones/z1/ROOT/zbe-old"
}

# A zone <zone> on the CN: its zonepath dataset, its BE container (layout illumos: ROOT; solaris11: rpool/ROOT
# below the zone's own rpool), and its first BE zbe (active, of the booted global BE).
illumos_zone_in() {
    local dir=$1 pool=$2 zone=$3 layout=${4:-illumos} container
    # libzonecfg zonecfg_validate_zonename: at most ZONENAME_MAX - 1 = 63 characters.
    [[ "$zone" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || die "zone name '$zone' is not a valid zone name"
    mkdir -p "$dir/zones/$zone"
    "$REAL_ZFS" create -o canmount=noauto -o mountpoint="$dir/zones/$zone" "$pool/zones/$zone"
    case "$layout" in
        illumos)
            container="$pool/zones/$zone/ROOT"
            "$REAL_ZFS" create -o canmount=off -o mountpoint=legacy -o zoned=on "$container" ;;
        solaris11)
            container="$pool/zones/$zone/rpool/ROOT"
            "$REAL_ZFS" create -o canmount=off -o mountpoint=legacy -o zoned=on "$pool/zones/$zone/rpool"
            "$REAL_ZFS" create -o canmount=off "$container" ;;
        *) die "--layout must be illumos or solaris11" ;;
    esac
    "$REAL_ZFS" create -o canmount=noauto -o org.opensolaris.libbe:parentbe=$ILLUMOS_NEW_UUID \
        -o org.opensolaris.libbe:active=on "$container/zbe"
}

cmd_illumos_zone() {
    local layout=illumos
    [[ $# -eq 2 || ( $# -eq 4 && "$3" == --layout ) ]] || usage
    [[ $# -eq 4 ]] && layout=$4
    check_name "$1"
    local dir="$ROOT/$1" pool
    [[ "$(describe_value "$dir" platform)" == illumos ]] || die "CN '$1' is not of platform illumos"
    pool=$(describe_value "$dir" pool)
    illumos_zone_in "$dir" "$pool" "$2" "$layout"
}

# A further pool for a CN (zones created with a payload zpool, VM.js/proptable.js): file-backed like the
# first, a unique name zdtb_<name>_<random>, listed in $dir/extra_pools (read by the vmadm stand-in) and
# destroyed with the CN. Its backing file is in the CN's folder, so cleanup-stale finds it like the first.
cmd_add_pool() {
    [[ $# -eq 1 ]] || usage
    check_name "$1"
    local dir="$ROOT/$1" pool
    [[ -f "$dir/description" ]] || die "no CN '$1' under $ROOT"
    [[ -n "$(describe_value "$dir" pool)" ]] || die "CN '$1' was started without a pool"
    pool="zdtb_${1//-/_}_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    truncate -s 128M "$dir/$pool.img"
    "$REAL_ZPOOL" create -m none "$pool" "$dir/$pool.img" >&2
    echo "$pool" >> "$dir/extra_pools"
    echo "$pool"
}

# Lazily unmounts everything mounted under a directory, deepest first. A zfs-fuse daemon that died
# (killed with the machine's last session) leaves its FUSE mounts behind, "Transport endpoint is not
# connected", and rm cannot remove a mount point.
unmount_under() {
    local dir=$1 mountpoint
    for mountpoint in $(awk -v prefix="$dir/" 'index($2, prefix) == 1 {print $2}' /proc/self/mounts | sort -r); do
        umount -l "$mountpoint" 2>/dev/null || fusermount -uz "$mountpoint" 2>/dev/null || log "could not unmount $mountpoint"
    done
}

# Stops a CN found at a directory: its sshd and every session, its pool, the directory.
stop_dir() {
    local dir=$1 pid pool
    pid=$(sshd_pid "$dir")
    if sshd_running "$dir"; then
        local tree
        tree=$(descendants "$pid")
        kill -TERM "$pid" $tree 2>/dev/null || true
        sleep 0.1
        kill -KILL "$pid" $tree 2>/dev/null || true
    fi
    pool=$(describe_value "$dir" pool)
    if [[ -z "$pool" && -f "$dir/env" ]]; then
        pool=$(sed -n 's/^ZD_POOL=//p' "$dir/env")
    fi
    local extra=""
    [[ -f "$dir/extra_pools" ]] && extra=$(cat "$dir/extra_pools")
    for pool in $pool $extra; do
        if "$REAL_ZPOOL" list -H -o name "$pool" >/dev/null 2>&1; then
            "$REAL_ZPOOL" destroy -f "$pool" 2>/dev/null || "$REAL_ZPOOL" export -f "$pool" 2>/dev/null || log "could not destroy pool $pool"
        fi
    done
    unmount_under "$dir"
    # What cannot be removed is left with a warning: names carry a random part, so it never blocks a new CN.
    rm -rf "$dir" 2>/dev/null || log "could not remove $dir entirely"
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    check_name "$1"
    [[ -d "$ROOT/$1" ]] && stop_dir "$ROOT/$1"
    return 0
}

cmd_stop_all() {
    local dir
    for dir in "$ROOT"/*/; do
        [[ -f "$dir/sshd_config" || -f "$dir/env" ]] || continue
        stop_dir "${dir%/}"
    done
    # The daemon goes only if this testbed started it and no pool at all is left on it.
    if [[ -f "$ROOT/zfs-fuse.pid" ]]; then
        local zpid
        zpid=$(cat "$ROOT/zfs-fuse.pid")
        if pid_alive "$zpid" && [[ -z "$("$REAL_ZPOOL" list -H -o name 2>/dev/null)" ]]; then
            kill -TERM "$zpid" 2>/dev/null || true
            rm -f "$ROOT/zfs-fuse.pid"
        fi
    fi
}

# Leftovers of an earlier run (the machine is reused between sessions and CI): CN folders whose sshd
# is gone, and zdtb_* pools whose backing file is not in a running CN's folder.
cmd_cleanup_stale() {
    local dir folders_only=0
    [[ "${1:-}" == "--folders-only" ]] && folders_only=1
    if [[ -d "$ROOT" ]]; then
        for dir in "$ROOT"/*/; do
            if [[ ! -f "$dir/sshd_config" && ! -f "$dir/env" ]]; then
                # A folder an interrupted stop left half removed; a CN being started right now is younger.
                if [[ -n "$(find "${dir%/}" -maxdepth 0 -mmin +2 2>/dev/null)" ]]; then
                    log "removing leftover folder ${dir%/}"
                    unmount_under "${dir%/}"
                    rm -rf "${dir%/}" 2>/dev/null || log "could not remove ${dir%/} entirely"
                fi
                continue
            fi
            if ! sshd_running "${dir%/}"; then
                log "removing stale CN ${dir%/}"
                stop_dir "${dir%/}"
            fi
        done
    fi
    # The pool pass is machine-wide (any zdtb_* pool whose CN is gone); --folders-only leaves pools alone.
    [[ $folders_only == 0 ]] && zfs_fuse_answers || return 0
    local pool vdev cndir
    for pool in $("$REAL_ZPOOL" list -H -o name 2>/dev/null | grep '^zdtb_' || true); do
        vdev=$("$REAL_ZPOOL" status "$pool" 2>/dev/null | awk '$1 ~ /^\// {print $1; exit}')
        cndir=$(dirname "${vdev:-/nonexistent/x}")
        if [[ -n "$vdev" && -f "$cndir/sshd_config" ]] && sshd_running "$cndir"; then
            continue
        fi
        log "destroying stale pool $pool"
        "$REAL_ZPOOL" destroy -f "$pool" 2>/dev/null || "$REAL_ZPOOL" export -f "$pool" 2>/dev/null || log "could not destroy pool $pool"
    done
}

cmd_env() {
    [[ $# -eq 1 ]] || usage
    check_name "$1"
    [[ -f "$ROOT/$1/env" ]] || die "no CN '$1' under $ROOT"
    cat "$ROOT/$1/env"
}

cmd_describe() {
    [[ $# -eq 1 ]] || usage
    check_name "$1"
    [[ -f "$ROOT/$1/description" ]] || die "no CN '$1' under $ROOT"
    cat "$ROOT/$1/description"
}

cmd_list() {
    local dir state
    [[ -d "$ROOT" ]] || return 0
    for dir in "$ROOT"/*/; do
        [[ -f "$dir/description" ]] || continue
        if sshd_running "${dir%/}"; then state=running; else state=stopped; fi
        printf '%s\t%s\t%s:%s\t%s\n' "$(describe_value "${dir%/}" name)" "$state" \
            "$(describe_value "${dir%/}" address)" "$(describe_value "${dir%/}" port)" "$(describe_value "${dir%/}" pool)"
    done
}

cmd_kill_sshd() {
    [[ $# -eq 1 ]] || usage
    check_name "$1"
    local dir="$ROOT/$1" pid
    pid=$(sshd_pid "$dir")
    sshd_running "$dir" || die "sshd of '$1' is not running"
    # The listener and every session it forked (and their commands), all at once: a crashed CN.
    kill -KILL "$pid" $(descendants "$pid") 2>/dev/null || true
}

# --- Runners (PowerShell remoting over SSH) ----------------------------------------------------
# A runner is an operator machine of its own, one per data center when a fleet outgrows one machine
# (docs/fleet-beyond-one-machine.md): here a real sshd on its own 127.0.0.N address whose only purpose is
# PowerShell's SSH subsystem, set up as PowerShell's docs do ("Subsystem powershell <pwsh> -sshs -NoLogo").
# No ForceCommand (it would replace the subsystem), no stand-ins, no pool: the runner reaches sandbox CNs
# over ssh like any operator machine. --pwsh is the pwsh to run: an executable, or a pwsh.dll (run by dotnet).
cmd_start_runner() {
    local name="" pwsh="" address="" port=""
    [[ $# -ge 1 ]] || usage
    name=$1; shift
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --pwsh) pwsh=${2:?}; shift 2 ;;
            --address) address=${2:?}; shift 2 ;;
            --port) port=${2:?}; shift 2 ;;
            *) die "unknown option '$1'" ;;
        esac
    done
    check_name "$name"
    check_root_path
    [[ $EUID -eq 0 ]] || die "must run as root (sshd)"
    [[ "$pwsh" =~ ^/[A-Za-z0-9._/+-]+$ && -f "$pwsh" ]] || die "--pwsh '$pwsh' must be the absolute path of pwsh or pwsh.dll, without blanks"
    local subsystem="$pwsh -sshs -NoLogo"
    if [[ "$pwsh" == *.dll ]]; then
        local dotnet
        dotnet=$(command -v dotnet) || die "dotnet is not on PATH (needed to run $pwsh)"
        subsystem="$(readlink -f "$dotnet") $pwsh -sshs -NoLogo"
    fi

    local dir="$ROOT/$name" endpoint
    up_already "$name" && return
    endpoint=$(checked_endpoint "$name" "$address" "$port")
    read -r address port <<<"$endpoint"
    mkdir -p "$ROOT" /run/sshd
    mkdir -m 700 "$dir"
    mkdir -p "$dir/home"
    generate_keys "$dir" "$name" "$address" "$port"

    {
        echo "# Runner '$name' of the ZoneDelegation testbed: PowerShell remoting over SSH. Root login by key only."
        sshd_config_common "$dir" "$address" "$port"
        cat <<EOF
Subsystem powershell $subsystem
# dotnet and pwsh keep caches under HOME; the machine's /root/.bashrc is not the runner's (see cmd_start).
SetEnv HOME=$dir/home DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1
EOF
    } > "$dir/sshd_config"
    launch_sshd "$dir" "$name" "$address" "$port"

    cat > "$dir/description" <<EOF
name=$name
address=$address
port=$port
user=root
identity_file=$dir/id_ed25519
known_hosts=$dir/known_hosts
cn_dir=$dir
platform=runner
subsystem=$subsystem
EOF
    cat "$dir/description"
}

main() {
    [[ $# -ge 1 ]] || usage
    local command=$1; shift
    case "$command" in
        start) cmd_start "$@" ;;
        start-runner) cmd_start_runner "$@" ;;
        stop) cmd_stop "$@" ;;
        stop-all) cmd_stop_all ;;
        cleanup-stale) cmd_cleanup_stale "$@" ;;
        ensure-zfs-fuse) ensure_zfs_fuse ;;
        env) cmd_env "$@" ;;
        describe) cmd_describe "$@" ;;
        list) cmd_list ;;
        kill-sshd) cmd_kill_sshd "$@" ;;
        illumos-zone) cmd_illumos_zone "$@" ;;
        add-pool) cmd_add_pool "$@" ;;
        *) usage ;;
    esac
}

main "$@"
