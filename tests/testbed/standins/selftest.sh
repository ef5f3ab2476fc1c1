#!/usr/bin/env bash
# Self-test of the LABELLED STAND-INS zfs, zpool, ppriv, vmadm, zoneadm and beadm (tests/testbed/standins).
#
# Creates a throwaway zfs-fuse pool (zdtb_selftest_<random>, so the testbed's stale-pool cleanup
# also covers it), sets up the environment the testbed gives a smartos CN, runs the stand-ins
# through that PATH and asserts their behaviour against the REAL pool. Exits non-zero on any
# failure (each failure is printed), and always destroys the pool and its temporary folder.
# Needs root and zfs-fuse; starts the zfs-fuse daemon (testbed.sh ensure-zfs-fuse) when it does not
# answer (and leaves it, as the testbed does). Usage: tests/testbed/standins/selftest.sh [-v]

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REAL_ZFS=${ZD_REAL_ZFS:-/usr/sbin/zfs}
REAL_ZPOOL=${ZD_REAL_ZPOOL:-/usr/sbin/zpool}
VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1

FAILURES=0
PASSES=0
fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { PASSES=$((PASSES + 1)); [[ $VERBOSE == 1 ]] && echo "ok: $*"; return 0; }

# expect_eq <what> <expected> <actual>
expect_eq() {
    if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}
# expect_has <what> <needle> <haystack>
expect_has() {
    if [[ "$3" == *"$2"* ]]; then pass "$1"; else fail "$1: [$2] not found in [$3]"; fi
}
# run_cmd <stdin> <command...>: sets OUT, ERR, RC
run_cmd() {
    local input=$1
    shift
    OUT=$(printf '%s' "$input" | "$@" 2>"$WORK/stderr")
    RC=$?
    ERR=$(cat "$WORK/stderr")
}

[[ $EUID -eq 0 ]] || { echo "selftest: needs root (zfs-fuse pools)" >&2; exit 2; }
[[ -x "$REAL_ZFS" && -x "$REAL_ZPOOL" ]] || { echo "selftest: zfs-fuse not installed" >&2; exit 2; }
bash "$HERE/../testbed.sh" ensure-zfs-fuse || { echo "selftest: cannot start zfs-fuse" >&2; exit 2; }

WORK=$(mktemp -d /tmp/zd-standins-selftest.XXXXXX)
POOL="zdtb_selftest_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
POOL2="${POOL}_b"
cleanup() {
    "$REAL_ZPOOL" destroy -f "$POOL2" 2>/dev/null
    "$REAL_ZPOOL" destroy -f "$POOL" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

truncate -s 128M "$WORK/pool.img"
"$REAL_ZPOOL" create -m none "$POOL" "$WORK/pool.img" 2>/dev/null || { echo "selftest: cannot create pool $POOL" >&2; exit 2; }

# The environment of a smartos CN, as tests/testbed/testbed.sh writes it.
mkdir -p "$WORK/cn/bin"
for s in zfs zpool ppriv vmadm; do ln -s "$HERE/$s" "$WORK/cn/bin/$s"; done
export PATH="$WORK/cn/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export ZD_CN_NAME=selftest ZD_CN_DIR="$WORK/cn" ZD_POOL="$POOL" ZD_PLATFORM=smartos
export ZD_LIVE_IMAGE=20240101T000000Z ZD_REAL_ZFS="$REAL_ZFS" ZD_REAL_ZPOOL="$REAL_ZPOOL" LC_ALL=C
unset ZD_STANDIN_ENFORCE_LIMITS
U64=18446744073709551615
D="$POOL/ds"

expect_eq "PATH resolves the zfs stand-in" "$WORK/cn/bin/zfs" "$(command -v zfs)"

# ---- zpool feature: enabled before any limit ---------------------------------------------------
run_cmd "" zpool get -H -o name,property,value,source feature@filesystem_limits "$POOL"
expect_eq "zpool feature before any limit" "$POOL	feature@filesystem_limits	enabled	local" "$OUT"

# ---- zfs: pass-through is the real zfs -----------------------------------------------------------
"$REAL_ZFS" create "$D" && "$REAL_ZFS" create "$D/child" && "$REAL_ZFS" snapshot "$D@s1"
expect_eq "zfs list passes through" "$("$REAL_ZFS" list -H -o name -r "$POOL")" "$(zfs list -H -o name -r "$POOL")"
expect_eq "zfs get passes through" "$("$REAL_ZFS" get -H -p -o value used "$D")" "$(zfs get -H -p -o value used "$D")"

# ---- zfs: limits unset ---------------------------------------------------------------------------
run_cmd "" zfs get -H -p -o name,property,value,source snapshot_limit,filesystem_limit,snapshot_count,filesystem_count "$D"
expect_eq "unset limits under -p, counts untracked" "$D	snapshot_limit	$U64	default
$D	filesystem_limit	$U64	default
$D	snapshot_count	-	-
$D	filesystem_count	-	-" "$OUT"
run_cmd "" zfs get -H -o value snapshot_limit "$D"
expect_eq "unset limit without -p" "none" "$OUT"

# ---- zfs: set, validate, counts ------------------------------------------------------------------
run_cmd "" zfs set snapshot_limit=5 "$D"
expect_eq "set snapshot_limit exit" 0 "$RC"
run_cmd "" zfs set filesystem_limit=3 "$D"
run_cmd "" zfs get -H -p -o property,value,source snapshot_limit,filesystem_limit "$D"
expect_eq "limits read back" "snapshot_limit	5	local
filesystem_limit	3	local" "$OUT"
for bad in abc -1 1.5 "" 18446744073709551616; do
    run_cmd "" zfs set "snapshot_limit=$bad" "$D"
    expect_eq "bad value '$bad' exit" 1 "$RC"
    expect_has "bad value '$bad' message" "bad numeric value" "$ERR"
done
expect_eq "bad values changed nothing" 5 "$(zfs get -H -p -o value snapshot_limit "$D")"
run_cmd "" zfs set snapshot_limit=2 "$D@s1"
expect_eq "limit on a snapshot refused" 1 "$RC"
run_cmd "" zfs inherit snapshot_limit "$D"
expect_has "inherit refused like illumos" "cannot be inherited" "$ERR"
"$REAL_ZFS" snapshot "$D/child@c1"
run_cmd "" zfs get -H -p -o property,value snapshot_count,filesystem_count "$D"
expect_eq "counts of real snapshots and filesystems below" "snapshot_count	2
filesystem_count	1" "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_count "$D/child"
expect_eq "child of a limited dataset is tracked" 1 "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_limit "$D/child"
expect_eq "limits are not inherited" "$U64" "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_count "$POOL"
expect_eq "ancestor of a limit is not tracked" "-" "$OUT"
run_cmd "" zfs get -H -p -o name,value -r snapshot_limit "$D"
expect_eq "zfs get -r (snapshots print -)" "$D	5
$D@s1	-
$D/child	$U64
$D/child@c1	-" "$OUT"
run_cmd "" zfs get -H -p -s local -o name,property,value snapshot_limit,filesystem_limit,quota -r "$POOL"
expect_eq "zfs get -s local" "$D	snapshot_limit	5
$D	filesystem_limit	3" "$OUT"
run_cmd "" zfs get all "$D"
expect_has "zfs get all shows the limit" "snapshot_limit" "$OUT"
[[ "$OUT" != *com.zonedelegation.standin* ]] && pass "zfs get all hides the stand-in's storage" || fail "zfs get all shows com.zonedelegation.standin:*"

# ---- zfs list -p ---------------------------------------------------------------------------------
run_cmd "" zfs list -H -p -r -o name,type,quota,zoned,filesystem_limit,snapshot_limit,filesystem_count,snapshot_count "$D"
expect_eq "zfs list -H -p columns" "$D	filesystem	0	off	3	5	1	2
$D/child	filesystem	0	off	$U64	$U64	0	1" "$OUT"
run_cmd "" zfs list -H -p -t snapshot -o name -r "$D"
expect_eq "zfs list -t snapshot" "$D@s1
$D/child@c1" "$OUT"
run_cmd "" zfs list -H -p -d 1 -o name -S name "$POOL"
expect_eq "zfs list -d 1 -S name" "$D
$POOL" "$OUT"
used_real=$("$REAL_ZFS" get -H -p -o value used "$D")
run_cmd "" zfs list -H -p -o used "$D"
expect_eq "zfs list -p exact integers" "$used_real" "$OUT"
run_cmd "" zfs list -H -p -o name "$POOL/missing"
expect_eq "zfs list -p of a missing dataset exit" 1 "$RC"
expect_has "zfs list -p of a missing dataset message" "dataset does not exist" "$ERR"

# ---- clear ---------------------------------------------------------------------------------------
run_cmd "" zfs set snapshot_limit=none "$D"
run_cmd "" zfs get -H -p -o value,source snapshot_limit "$D"
expect_eq "cleared limit" "$U64	default" "$OUT"

# ---- zpool feature: active once a limit was set, and stays active --------------------------------
zfs set filesystem_limit=none "$D"
run_cmd "" zpool get -H -o value feature@filesystem_limits "$POOL"
expect_eq "zpool feature stays active" "active" "$OUT"
run_cmd "" zpool get -H feature@filesystem_limits "$POOL/nope"
expect_eq "zpool get on a missing pool exit" 1 "$RC"

# ---- enforcement: off by default, on only under the switch ----------------------------------------
zfs set snapshot_limit=1 "$D"
run_cmd "" zfs snapshot "$D@over"
expect_eq "limits are not enforced by default" 0 "$RC"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs snapshot "$D@over2"
expect_eq "enforced snapshot exit" 1 "$RC"
expect_eq "enforced snapshot message" "cannot create snapshot '$D@over2': out of space" "$ERR"
zfs set filesystem_limit=1 "$D"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs create "$D/second"
expect_eq "enforced create message" "cannot create '$D/second': out of space" "$ERR"
expect_eq "refused snapshot/create made nothing" "" "$("$REAL_ZFS" list -H -o name -t all -r "$D" | grep -E 'over2|second')"
zfs set snapshot_limit=none "$D"; zfs set filesystem_limit=none "$D"

# ---- ppriv ---------------------------------------------------------------------------------------
run_cmd "" ppriv -l
expect_has "ppriv -l lists sys_fs_import" $'\nsys_fs_import\n' "$OUT"$'\n'
expect_has "ppriv -l lists sys_mount" $'\nsys_mount\n' "$OUT"$'\n'
run_cmd "" ppriv -l sys_fs_import
expect_eq "ppriv -l known" "0 sys_fs_import" "$RC $OUT"
run_cmd "" ppriv -l no_such_priv
expect_eq "ppriv -l unknown exit" 1 "$RC"
expect_eq "ppriv -l unknown message" "ppriv: no_such_priv: unknown privilege" "$ERR"
run_cmd "" ppriv $$
expect_eq "ppriv other use exit" 2 "$RC"

# ---- vmadm ---------------------------------------------------------------------------------------
datasets() { "$REAL_ZFS" list -H -o name -t all -r "$POOL"; ls "$WORK/cn/vmadm" 2>/dev/null; }
field() { python3 -c 'import json,sys; v=json.load(sys.stdin); print(json.dumps(v.get(sys.argv[1])))' "$1"; }

OWNER=c8ce395b-7508-4101-aea6-dc2a66e48451
run_cmd '{"brand":"joyent","alias":"db1","owner_uuid":"'$OWNER'","delegate_dataset":true,"zfs_snapshot_limit":128,"zfs_filesystem_limit":32,"limit_priv":"default,-sys_fs_import","quota":10,"custom_key":"kept"}' vmadm create
expect_eq "vmadm create exit" 0 "$RC"
VM=$(sed -n 's/^Successfully created VM //p' <<<"$ERR")
[[ "$VM" =~ ^[0-9a-f-]{36}$ ]] && pass "create message on stderr" || fail "create message: [$ERR] stdout [$OUT]"
ROOT="$POOL/$VM"
expect_eq "zone root and zoned /data" "$ROOT	off
$ROOT/data	on" "$("$REAL_ZFS" list -H -o name,zoned -r "$ROOT")"
expect_eq "limits on the zone root" "128	32" "$(zfs list -H -p -o snapshot_limit,filesystem_limit "$ROOT")"
expect_eq "quota on the zone root" "10737418240" "$("$REAL_ZFS" get -H -p -o value quota "$ROOT")"
run_cmd "" vmadm get "$VM"
expect_eq "get exit" 0 "$RC"
for pair in "uuid:\"$VM\"" 'brand:"joyent"' 'alias:"db1"' "owner_uuid:\"$OWNER\"" 'zfs_snapshot_limit:128' \
    'zfs_filesystem_limit:32' 'quota:10' 'limit_priv:"default,-sys_fs_import"' "datasets:[\"$ROOT/data\"]" \
    "zfs_filesystem:\"$ROOT\"" "zpool:\"$POOL\"" 'max_physical_memory:256' 'state:"running"' \
    'platform_buildstamp:"20240101T000000Z"' 'custom_key:"kept"' 'autoboot:true'; do
    expect_eq "get ${pair%%:*}" "${pair#*:}" "$(field "${pair%%:*}" <<<"$OUT" | tr -d ' ')"
done
run_cmd '{"brand":"lx","alias":"plain","max_physical_memory":512}' vmadm create
VM2=$(sed -n 's/^Successfully created VM //p' <<<"$ERR")
run_cmd "" vmadm get "$VM2"
expect_eq "limits omitted when unlimited" "null null" "$(field zfs_snapshot_limit <<<"$OUT") $(field zfs_filesystem_limit <<<"$OUT")"
expect_eq "no /data without delegate_dataset" "$POOL/$VM2" "$("$REAL_ZFS" list -H -o name -r "$POOL/$VM2")"

run_cmd "" vmadm lookup -j -o uuid,alias brand=joyent
expect_eq "lookup -j -o with a filter" "[{\"uuid\":\"$VM\",\"alias\":\"db1\"}]" "$(python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin),separators=(",",":")))' <<<"$OUT")"
run_cmd "" vmadm lookup -1 alias=db1
expect_eq "lookup -1" "0 $VM" "$RC $OUT"
run_cmd "" vmadm lookup -1 brand=kvm
expect_eq "lookup -1 none" "1 Requested unique lookup but found 0 results." "$RC $ERR"
run_cmd "" vmadm lookup -o uuid
expect_eq "lookup -o without -j" 1 "$RC"
run_cmd "" vmadm list -p
expect_eq "list -p default columns, sorted by ram" "$VM:OS:256:running:db1
$VM2:LX:512:running:plain" "$OUT"
run_cmd "" vmadm list -p -o uuid,alias,state,type -s -ram
expect_eq "list -p -o -s" "$VM2:plain:running:LX
$VM:db1:running:OS" "$OUT"

# update: set, clear with "", k=v form, refusals
run_cmd '{"zfs_snapshot_limit":64,"zfs_filesystem_limit":""}' vmadm update "$VM"
expect_eq "update message" "0 Successfully updated VM $VM" "$RC $ERR"
expect_eq "update read back from ZFS" "64	$U64" "$(zfs list -H -p -o snapshot_limit,filesystem_limit "$ROOT")"
run_cmd "" vmadm get "$VM"
expect_eq "get after update" "64 null" "$(field zfs_snapshot_limit <<<"$OUT") $(field zfs_filesystem_limit <<<"$OUT")"
run_cmd "" vmadm update "$VM" zfs_filesystem_limit=16 quota=0 alias=db2
expect_eq "update k=v exit" 0 "$RC"
run_cmd "" vmadm get "$VM"
expect_eq "update k=v read back" "16 0 \"db2\"" "$(field zfs_filesystem_limit <<<"$OUT") $(field quota <<<"$OUT") $(field alias <<<"$OUT")"
run_cmd '{"zfs_snapshot_limit":null}' vmadm update "$VM"
expect_eq "null unsets" "$U64" "$(zfs get -H -p -o value snapshot_limit "$ROOT")"
before=$(datasets; cat "$WORK/cn/vmadm/$VM.json"; zfs get -H -p -o value snapshot_limit,filesystem_limit,quota "$ROOT")
for payload in '{"delegate_dataset":false}' '{"zfs_snapshot_limit":-1}' '{"zfs_filesystem_limit":"many"}' '{"quota":"x"}' 'nonsense'; do
    run_cmd "$payload" vmadm update "$VM"
    expect_eq "update refused: $payload" 1 "$RC"
done
expect_eq "refused updates changed nothing" "$before" "$(datasets; cat "$WORK/cn/vmadm/$VM.json"; zfs get -H -p -o value snapshot_limit,filesystem_limit,quota "$ROOT")"

# create refusals change nothing
before=$(datasets)
refusals=(
    '{"alias":"no brand"}|Missing required properties: brand'
    '{"brand":"solaris"}|Invalid brand while validating payload'
    '{"brand":"kvm","delegate_dataset":true}|delegate_dataset'
    '{"brand":"joyent","delegate_dataset":"maybe"}|Invalid value(s) for: delegate_dataset'
    '{"brand":"joyent","zfs_snapshot_limit":-1}|Invalid value(s) for: zfs_snapshot_limit'
    '{"brand":"joyent","zfs_filesystem_limit":1.5}|Invalid value(s) for: zfs_filesystem_limit'
    '{"brand":"joyent","quota":"big"}|Invalid value(s) for: quota'
    '{"brand":"joyent","limit_priv":["default"]}|Invalid value(s) for: limit_priv'
    '{"brand":"joyent","uuid":"not-a-uuid"}|Invalid value(s) for: uuid'
    '{"brand":"joyent","zpool":"zones"}|Invalid value(s) for: zpool'
    "{\"brand\":\"joyent\",\"uuid\":\"$VM\"}|already exists"
    '{"brand":"joyent",|Invalid JSON payload'
    '{"brand":"joyent","delegate_dataset":true,"zfs_data_compression":"nonsense"}|compression'
)
for entry in "${refusals[@]}"; do
    run_cmd "${entry%%|*}" vmadm create
    expect_eq "create refused: ${entry%%|*}" 1 "$RC"
    expect_has "create refusal message: ${entry%%|*}" "${entry#*|}" "$ERR"
done
expect_eq "refused creates changed nothing" "$before" "$(datasets)"

run_cmd "" vmadm get 00000000-0000-0000-0000-000000000001
expect_eq "get of a missing zone exit" 1 "$RC"
expect_has "get of a missing zone message" "No such zone configured" "$ERR"
run_cmd "" vmadm get not-a-uuid
expect_eq "get of an invalid uuid exit (vmadm usage)" 2 "$RC"
expect_has "get of an invalid uuid message" "Invalid or missing UUID for get" "$ERR"
run_cmd "" vmadm console "$VM"
expect_eq "unsupported subcommand" "2 vmadm stand-in: 'console' is not emulated" "$RC $ERR"

# ---- vmadm issue 9: stop / start, snapshots, reprovision ----------------------------------------
field() { vmadm get "$1" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v.get(sys.argv[1]))' "$2"; }
ROOT2="$POOL/$VM2"
run_cmd "" vmadm stop "$VM2"
expect_eq "stop" "0 Successfully completed stop for VM $VM2" "$RC $ERR"
expect_eq "stopped state, zone_state, autoboot" "stopped installed False" "$(field "$VM2" state) $(field "$VM2" zone_state) $(field "$VM2" autoboot)"
run_cmd "" vmadm stop "$VM2"
expect_eq "stop of a stopped VM" "1 VM $VM2 is already not 'running' (currently: stopped)" "$RC $ERR"
run_cmd "" vmadm start "$VM2"
expect_eq "start" "0 Successfully started VM $VM2" "$RC $ERR"
expect_eq "running state and autoboot" "running True" "$(field "$VM2" state) $(field "$VM2" autoboot)"
run_cmd "" vmadm start "$VM2"
expect_eq "start of a running VM" "1 VM $VM2 is already 'running'" "$RC $ERR"

before=$(datasets)
run_cmd "" vmadm create-snapshot "$VM" s1
expect_eq "create-snapshot of a zone with datasets" "1 Cannot currently snapshot zones that have datasets" "$RC $ERR"
run_cmd "" vmadm create-snapshot "$VM2" "bad name"
expect_eq "create-snapshot with a bad name" "1 Invalid snapname: \"bad name\"" "$RC $ERR"
expect_eq "refused snapshots changed nothing" "$before" "$(datasets)"
run_cmd "" vmadm create-snapshot "$VM2" a
expect_eq "create-snapshot" "0 Created snapshot a for VM $VM2" "$RC $ERR"
run_cmd "" vmadm create-snapshot "$VM2" b
run_cmd "" vmadm create-snapshot "$VM2" a
expect_eq "create-snapshot of an existing name" "1 snapshot with name 'a' already exists for VM $VM2" "$RC $ERR"
expect_eq "vmadm get lists the vmsnap snapshots" "a b" "$(vmadm get "$VM2" | python3 -c 'import json,sys; print(" ".join(sorted(s["name"] for s in json.load(sys.stdin)["snapshots"])))')"
: > "$WORK/cn/vmadm/journal"
run_cmd "" vmadm rollback-snapshot "$VM2" a
expect_eq "rollback-snapshot" "0 Rolled back snapshot a for VM $VM2" "$RC $ERR"
expect_eq "rollback destroyed the newer snapshot" "$ROOT2@vmsnap-a" "$("$REAL_ZFS" list -H -o name -t snapshot -r "$ROOT2")"
expect_eq "rollback stopped and started the running VM" "stop:stopped rollback:a:stopped start:running" \
    "$(awk -v vm="$VM2" '$2 == vm { print $3 ":" $4 }' "$WORK/cn/vmadm/journal" | paste -sd' ')"
run_cmd "" vmadm delete-snapshot "$VM2" a
expect_eq "delete-snapshot" "0 Deleted snapshot a for VM $VM2" "$RC $ERR"
run_cmd "" vmadm delete-snapshot "$VM2" a
expect_eq "delete-snapshot of a missing one" "1 snapshot with name 'a' does not exist for VM $VM2" "$RC $ERR"

# reprovision keeps <root>/data (guid, snapshots) and re-applies the limits and the quota
IMG=6b3bcd2a-6b13-4a9b-9e2d-3f43e1d0c0de
"$REAL_ZFS" create "$POOL/$IMG" && "$REAL_ZFS" snapshot "$POOL/$IMG@final"
"$REAL_ZFS" snapshot "$ROOT@before"
"$REAL_ZFS" snapshot "$ROOT/data@kept"
vmadm update "$VM" zfs_snapshot_limit=50 2>/dev/null
keep() { "$REAL_ZFS" get -H -p -r -o name,value guid "$ROOT/data"; zfs get -H -p -o value snapshot_limit,filesystem_limit,quota "$ROOT"; }
kept=$(keep)
before=$(datasets; cat "$WORK/cn/vmadm/$VM.json")
run_cmd '{"image_uuid":"11111111-2222-3333-4444-555555555555"}' vmadm reprovision "$VM"
expect_has "reprovision with a missing image" "is not installed" "$ERR"
vmadm update "$VM" indestructible_zoneroot=true 2>/dev/null
before=$(datasets; cat "$WORK/cn/vmadm/$VM.json")
run_cmd "{\"image_uuid\":\"$IMG\"}" vmadm reprovision "$VM"
expect_eq "reprovision with indestructible_zoneroot" "1 indestructible_zoneroot is set, cannot reprovision VM $VM" "$RC $ERR"
expect_eq "refused reprovisions changed nothing" "$before" "$(datasets; cat "$WORK/cn/vmadm/$VM.json")"
vmadm update "$VM" indestructible_zoneroot=false 2>/dev/null
run_cmd "{\"image_uuid\":\"$IMG\"}" vmadm reprovision "$VM"
expect_eq "reprovision" "0 Successfully reprovisioned VM $VM" "$RC $ERR"
expect_eq "reprovision kept data, its snapshots, limits and quota" "$kept" "$(keep)"
expect_eq "the new root is a clone of the image" "$POOL/$IMG@final" "$("$REAL_ZFS" get -H -o value origin "$ROOT")"
expect_eq "the old root snapshots are gone" "" "$("$REAL_ZFS" list -H -o name -t snapshot -d 1 "$ROOT")"
expect_eq "image_uuid and zoned after reprovision" "$IMG on" "$(field "$VM" image_uuid) $("$REAL_ZFS" get -H -o value zoned "$ROOT/data")"

# reboot (Repair-SafeZone -Restart): records boot_timestamp, keeps limit_priv; refused when not running
before=$(datasets)
run_cmd "" vmadm reboot "$VM"
expect_eq "reboot message" "0 Successfully completed reboot for VM $VM" "$RC $ERR"
expect_has "reboot recorded boot_timestamp" '"boot_timestamp"' "$(cat "$WORK/cn/vmadm/$VM.json")"
expect_eq "reboot changed no dataset" "$before" "$(datasets)"
run_cmd "" vmadm update "$VM" state=stopped
run_cmd "" vmadm reboot "$VM"
expect_eq "reboot of a stopped VM exit" 1 "$RC"
expect_has "reboot of a stopped VM message" "VM is not running" "$ERR"
run_cmd "" vmadm update "$VM" state=running

# delete: real destroy -r, state removed; a second delete fails
"$REAL_ZFS" snapshot "$ROOT/data@mine"
run_cmd "" vmadm delete "$VM"
expect_eq "delete message" "0 Successfully deleted VM $VM" "$RC $ERR"
expect_eq "delete destroyed the zone's datasets" "" "$("$REAL_ZFS" list -H -o name -t all -r "$POOL" | grep "$VM")"
[[ ! -e "$WORK/cn/vmadm/$VM.json" ]] && pass "delete removed the state" || fail "state of $VM still there"
run_cmd "" vmadm delete "$VM"
expect_eq "delete of a deleted VM exit" 1 "$RC"
expect_has "delete of a deleted VM message" "No such zone configured" "$ERR"
vmadm delete "$VM2" 2>/dev/null

# zoneadm and beadm (platform illumos): zones and global BEs are the pool's real datasets.
"$REAL_ZFS" create -o canmount=off -o mountpoint=legacy "$POOL/ROOT"
"$REAL_ZFS" create -o canmount=noauto -o org.opensolaris.libbe:uuid=6a0c3d5e-1b2f-4c8d-9e7a-51f0b2c3d401 "$POOL/ROOT/be-a"
"$REAL_ZFS" create -o canmount=noauto -o org.opensolaris.libbe:uuid=7b1d4e6f-2c3a-4d9e-8f8b-62a1c3d4e502 "$POOL/ROOT/be-b"
mkdir -p "$WORK/cn/illumos" && echo be-b > "$WORK/cn/illumos/booted"
"$REAL_ZFS" create -o mountpoint=none "$POOL/zones"
"$REAL_ZFS" create -o canmount=noauto -o mountpoint="$WORK/zones/z:1" "$POOL/zones/zz"
run_cmd "" "$HERE/beadm" list -H
expect_eq "beadm list -H exit" 0 "$RC"
expect_has "beadm: the booted BE has N" "be-b;7b1d4e6f-2c3a-4d9e-8f8b-62a1c3d4e502;NR;/;" "$OUT"
expect_has "beadm: the other BE has no flag" "be-a;6a0c3d5e-1b2f-4c8d-9e7a-51f0b2c3d401;;-;" "$OUT"
run_cmd "" "$HERE/beadm" create x
expect_eq "beadm create is not emulated" 2 "$RC"
run_cmd "" "$HERE/zoneadm" list -cp
expect_has "zoneadm: the global zone first" "0:global:running:/::ipkg:shared:0" "$(echo "$OUT" | head -n1)"
expect_has "zoneadm: a zone per dataset, ':' escaped" "-:zz:installed:$WORK/zones/z\\:1:" "$OUT"
run_cmd "" "$HERE/zoneadm" -z zz boot
expect_eq "zoneadm boot exit" 0 "$RC"
expect_has "zoneadm: a booted zone is running with an id" "1:zz:running:" "$("$HERE/zoneadm" list -cp)"
run_cmd "" "$HERE/zoneadm" -z nope halt
expect_has "zoneadm: unknown zone" "No such zone configured" "$ERR"

# ---- vmadm: a payload zpool, and bhyve quota on refquota (issue 14 items 4 and 5) ---------------------
truncate -s 64M "$WORK/pool2.img"
if "$REAL_ZPOOL" create -m none "$POOL2" "$WORK/pool2.img" 2>/dev/null; then
    echo "$POOL2" > "$WORK/cn/extra_pools"
    Z2=aaaaaaaa-0000-4000-8000-000000000014
    run_cmd '{"brand":"joyent","uuid":"'$Z2'","zpool":"'$POOL2'","delegate_dataset":true,"zfs_snapshot_limit":7,"quota":2}' vmadm create
    expect_eq "vmadm create on the CN's second pool" 0 "$RC"
    run_cmd "" vmadm lookup -j -o zfs_filesystem,zonepath,zpool,datasets,quota,zfs_snapshot_limit uuid=$Z2
    expect_eq "root, zonepath, zpool and datasets on the second pool" \
        "\"$POOL2/$Z2\" \"/$POOL2/$Z2\" \"$POOL2\" [\"$POOL2/$Z2/data\"] 2 7" \
        "$(python3 -c 'import json,sys; v=json.load(sys.stdin)[0]; print(" ".join(json.dumps(v[k], separators=(",", ":")) for k in ("zfs_filesystem","zonepath","zpool","datasets","quota","zfs_snapshot_limit")))' <<<"$OUT")"
    expect_eq "limits and quota on the real root on the second pool" "7 2147483648" \
        "$(zfs get -H -p -o value snapshot_limit,quota "$POOL2/$Z2" | tr '\n' ' ' | sed 's/ $//')"
    run_cmd '{"brand":"joyent","zpool":"zdtb_not_this_cns_pool"}' vmadm create
    expect_eq "a pool the CN does not have is refused" "1 Invalid value(s) for: zpool" "$RC $ERR"
    run_cmd "" vmadm delete $Z2
    expect_eq "delete on the second pool" "0 no" "$RC $("$REAL_ZFS" list "$POOL2/$Z2" >/dev/null 2>&1 && echo yes || echo no)"
else
    fail "cannot create the second pool $POOL2"
fi
B=aaaaaaaa-0000-4000-8000-000000000015
run_cmd '{"brand":"bhyve","uuid":"'$B'","quota":3,"flexible_disk_size":10240}' vmadm create
expect_eq "bhyve create" 0 "$RC"
expect_eq "bhyve: refquota is the quota, quota is computed (setQuotaBhyve)" "13958643712 3221225472" \
    "$("$REAL_ZFS" get -H -p -o value quota,refquota "$POOL/$B" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "bhyve: get's quota is the refquota" "3" "$(field $B quota)"
run_cmd '{"quota":0}' vmadm update $B
expect_eq "bhyve: quota 0 gives a refquota of 1 GiB" "0 11811160064 1073741824 1" \
    "$RC $("$REAL_ZFS" get -H -p -o value quota,refquota "$POOL/$B" | tr '\n' ' ')$(field $B quota)"
B0=aaaaaaaa-0000-4000-8000-000000000016
run_cmd '{"brand":"bhyve","uuid":"'$B0'"}' vmadm create
expect_eq "bhyve: no quota given is 1 GiB" "1073741824 1073741824" "$("$REAL_ZFS" get -H -p -o value quota,refquota "$POOL/$B0" | tr '\n' ' ' | sed 's/ $//')"
vmadm delete $B >/dev/null 2>&1; vmadm delete $B0 >/dev/null 2>&1

# ---- testbed cleanup-stale: what a killed earlier run leaves behind ------------------------------
# A CN whose sshd is gone with a mount still under its folder (a dead zfs-fuse leaves its FUSE
# mounts; a tmpfs stands in for one), and a folder an interrupted stop left without its markers.
STALE_ROOT="$WORK/testbed-root"
mkdir -p "$STALE_ROOT/sm-dead/mnt/ds" "$STALE_ROOT/sm-half/mnt"
touch "$STALE_ROOT/sm-dead/sshd_config"
echo 999999 > "$STALE_ROOT/sm-dead/sshd.pid"
if mount -t tmpfs zd-selftest "$STALE_ROOT/sm-dead/mnt/ds"; then pass "a mount under the stale CN"; else fail "could not mount a tmpfs under the stale CN"; fi
touch "$STALE_ROOT/sm-dead/mnt/ds/file"
touch -d '-5 minutes' "$STALE_ROOT/sm-half"
# Folders only: the pool pass is machine-wide and would take this self-test's own pool.
run_cmd "" env ZD_TESTBED_ROOT="$STALE_ROOT" bash "$HERE/../testbed.sh" cleanup-stale --folders-only
expect_eq "cleanup-stale exit with a mount left under a stale CN" 0 "$RC"
expect_eq "cleanup-stale unmounts and removes the stale CN" "no" "$([[ -e "$STALE_ROOT/sm-dead" ]] && echo yes || echo no)"
expect_eq "cleanup-stale removes a half-removed folder" "no" "$([[ -e "$STALE_ROOT/sm-half" ]] && echo yes || echo no)"
umount -l "$STALE_ROOT/sm-dead/mnt/ds" 2>/dev/null

echo "stand-ins selftest: $PASSES passed, $FAILURES failed"
[[ $FAILURES -eq 0 ]]
