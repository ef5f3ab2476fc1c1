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
for s in zfs zpool ppriv vmadm sysinfo ps; do ln -s "$HERE/$s" "$WORK/cn/bin/$s"; done
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
# An untracked count is the default UINT64_MAX, none without -p (illumos-joyent#294: "snapshot_count none default").
run_cmd "" zfs get -H -p -o name,property,value,source snapshot_limit,filesystem_limit,snapshot_count,filesystem_count "$D"
expect_eq "unset limits under -p, counts untracked" "$D	snapshot_limit	$U64	default
$D	filesystem_limit	$U64	default
$D	snapshot_count	$U64	default
$D	filesystem_count	$U64	default" "$OUT"
run_cmd "" zfs get -H -o value,source snapshot_limit,snapshot_count "$D"
expect_eq "unset limit and untracked count without -p" "none	default
none	default" "$OUT"
run_cmd "" zfs get -H -o property,value snapshot_count "$D@s1"
expect_eq "a count does not apply to a snapshot" "snapshot_count	-" "$OUT"
run_cmd "" zfs get -H -o property all "$D"
expect_has "zfs get all lists the untracked counts" "snapshot_count" "$OUT"
"$REAL_ZFS" create "$POOL/before"

# ---- zfs: set, validate, counts ------------------------------------------------------------------
run_cmd "" zfs set snapshot_limit=5 "$D"
expect_eq "set snapshot_limit exit" 0 "$RC"
run_cmd "" zfs set filesystem_limit=3 "$D"
run_cmd "" zfs get -H -p -o property,value,source snapshot_limit,filesystem_limit "$D"
expect_eq "limits read back" "snapshot_limit	5	local
filesystem_limit	3	local" "$OUT"
# libzfs zfs_nicestrtonum's messages (libzfs_util.c), after zfs_prop_set's "cannot set property for".
for entry in "abc|bad numeric value 'abc'" "-1|bad numeric value '-1'" "|bad numeric value ''" \
    "12abc|invalid numeric suffix 'abc'" "1BB|invalid numeric suffix 'BB'" \
    "18446744073709551616|numeric value is too large" "16E|numeric value is too large"; do
    run_cmd "" zfs set "snapshot_limit=${entry%%|*}" "$D"
    expect_eq "bad value '${entry%%|*}'" "1 cannot set property for '$D': ${entry#*|}" "$RC $ERR"
done
expect_eq "bad values changed nothing" 5 "$(zfs get -H -p -o value snapshot_limit "$D")"
for entry in "1K|1024" "1.5|1" "1.5k|1536" "2kb|2048"; do
    run_cmd "" zfs set "snapshot_limit=${entry%%|*}" "$D"
    expect_eq "value '${entry%%|*}' accepted like zfs_nicestrtonum" "0 ${entry#*|}" "$RC $(zfs get -H -p -o value snapshot_limit "$D")"
done
zfs set snapshot_limit=5 "$D"
run_cmd "" zfs set snapshot_limit=2 "$D@s1"
expect_eq "limit on a snapshot refused" 1 "$RC"
run_cmd "" zfs inherit snapshot_limit "$D"
expect_eq "inherit of a limit refused like zfs_do_inherit" "1 'snapshot_limit' property cannot be inherited" "$RC $ERR"
run_cmd "" zfs inherit snapshot_count "$D"
expect_eq "inherit of a count refused like zfs_do_inherit" "1 snapshot_count property is read-only" "$RC $ERR"
"$REAL_ZFS" snapshot "$D/child@c1"
run_cmd "" zfs get -H -p -o property,value,source snapshot_count,filesystem_count "$D"
expect_eq "counts of real snapshots and filesystems below, source local" "snapshot_count	2	local
filesystem_count	1	local" "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_count "$D/child"
expect_eq "child of a limited dataset is tracked" 1 "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_limit "$D/child"
expect_eq "limits are not inherited" "$U64" "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_count "$POOL"
expect_eq "ancestor of a limit is not tracked" "$U64" "$OUT"
run_cmd "" zfs get -H -p -o value snapshot_count "$POOL/before"
expect_eq "a dataset made before the feature was active is not tracked" "$U64" "$OUT"
"$REAL_ZFS" create "$POOL/after"
run_cmd "" zfs get -H -p -o value,source snapshot_count,filesystem_count "$POOL/after"
expect_eq "a dataset made once the feature is active is tracked (dsl_dataset_create_sync)" "0	local
0	local" "$OUT"
run_cmd "" zfs get -H -p -o name,value -r snapshot_limit "$D"
expect_eq "zfs get -r (snapshots print -)" "$D	5
$D@s1	-
$D/child	$U64
$D/child@c1	-" "$OUT"
run_cmd "" zfs get -H -p -s local -o name,property,value snapshot_limit,filesystem_limit,quota -r "$POOL"
expect_eq "zfs get -s local" "$D	snapshot_limit	5
$D	filesystem_limit	3" "$OUT"
run_cmd "" zfs get -H -p -s default -o name snapshot_count -r "$POOL"
expect_eq "zfs get -s default: the untracked counts" "$POOL
$POOL/before" "$OUT"
run_cmd "" zfs get all "$D"
expect_has "zfs get all shows the limit" "snapshot_limit" "$OUT"
[[ "$OUT" != *com.zonedelegation.standin* ]] && pass "zfs get all hides the stand-in's storage" || fail "zfs get all shows com.zonedelegation.standin:*"

# ---- zfs list -p ---------------------------------------------------------------------------------
run_cmd "" zfs list -H -p -r -o name,type,quota,zoned,filesystem_limit,snapshot_limit,filesystem_count,snapshot_count "$D"
expect_eq "zfs list -H -p columns" "$D	filesystem	0	off	3	5	1	2
$D/child	filesystem	0	off	$U64	$U64	0	1" "$OUT"
run_cmd "" zfs list -H -o name,snapshot_count "$POOL/before"
expect_eq "zfs list of an untracked count" "$POOL/before	none" "$OUT"
run_cmd "" zfs list -H -p -t snapshot -o name -r "$D"
expect_eq "zfs list -t snapshot" "$D@s1
$D/child@c1" "$OUT"
run_cmd "" zfs list -H -p -d 1 -o name -S name "$POOL"
expect_eq "zfs list -d 1 -S name" "$D
$POOL/before
$POOL/after
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
expect_eq "cleared limit: none set locally (zfs_prop_set_special)" "$U64	local" "$OUT"
run_cmd "" zfs set snapshot_limit=18446744073709551615 "$D"
expect_eq "UINT64_MAX is none" "0 none	local" "$RC $(zfs get -H -o value,source snapshot_limit "$D")"
run_cmd "" zfs get -H -p -o value snapshot_count "$D"
expect_eq "counts stay once the limit is cleared" "2" "$OUT"

# ---- zpool feature: active once a limit was set, and stays active --------------------------------
zfs set filesystem_limit=none "$D"
run_cmd "" zpool get -H -o value feature@filesystem_limits "$POOL"
expect_eq "zpool feature stays active" "active" "$OUT"
run_cmd "" zpool get -H -o all feature@filesystem_limits "$POOL"
expect_eq "zpool get -o all" "$POOL	feature@filesystem_limits	active	local" "$OUT"
run_cmd "" zpool get -H -o name,nosuch feature@filesystem_limits "$POOL"
expect_eq "zpool get -o with a bad column exit" 2 "$RC"
expect_eq "zpool get -o with a bad column message" "invalid column name 'nosuch'" "$(head -n1 <<<"$ERR")"
expect_has "zpool get -o with a bad column usage" "get [-Hp] [-o \"all\" | field[,...]]" "$ERR"
run_cmd "" zpool get -H feature@filesystem_limits "$POOL/nope"
expect_eq "zpool get on a missing pool exit" 1 "$RC"

# ---- enforcement: off by default, on only under the switch ----------------------------------------
zfs set snapshot_limit=1 "$D"
run_cmd "" zfs snapshot "$D@over"
expect_eq "limits are not enforced by default" 0 "$RC"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs snapshot "$D@over2"
expect_eq "enforced snapshot exit" 1 "$RC"
# dsl_dataset_snapshot_check keys the error by dataset; zfs_snapshot_nvl prints that key.
expect_eq "enforced snapshot message names the dataset" "cannot create snapshot '$D': out of space" "$ERR"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs snapshot "$D/child@over3"
expect_eq "a limit above refuses a child's snapshot, naming the child" "1 cannot create snapshot '$D/child': out of space" "$RC $ERR"
zfs set filesystem_limit=1 "$D"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs create "$D/second"
expect_eq "enforced create message" "cannot create '$D/second': out of space" "$ERR"
expect_eq "refused snapshot/create made nothing" "" "$("$REAL_ZFS" list -H -o name -t all -r "$D" | grep -E 'over2|over3|second')"
zfs set filesystem_limit=none "$D"; zfs set filesystem_limit=1 "$D/child"
ZD_STANDIN_ENFORCE_LIMITS=1 run_cmd "" zfs create -p "$D/child/a/b/c"
expect_eq "create -p names the ancestor that failed (create_parents)" "1 cannot create '$D/child/a/b': out of space" "$RC $ERR"
expect_eq "create -p keeps the ancestors made before" "$D/child/a" "$("$REAL_ZFS" list -H -o name -r "$D/child" | grep '/a')"
"$REAL_ZFS" destroy -r "$D/child/a"
zfs set snapshot_limit=none "$D"; zfs set filesystem_limit=none "$D"; zfs set filesystem_limit=none "$D/child"

# ---- ppriv ---------------------------------------------------------------------------------------
run_cmd "" ppriv -l
expect_has "ppriv -l lists sys_fs_import" $'\nsys_fs_import\n' "$OUT"$'\n'
expect_has "ppriv -l lists sys_mount" $'\nsys_mount\n' "$OUT"$'\n'
run_cmd "" ppriv -l sys_fs_import
expect_eq "ppriv -l known" "0 sys_fs_import" "$RC $OUT"
# ppriv.c dumppriv: "%s: %s: bad privilege list", rc++ per bad argument; main returns rc.
run_cmd "" ppriv -l no_such_priv
expect_eq "ppriv -l unknown" "1 ppriv: no_such_priv: bad privilege list" "$RC $ERR"
run_cmd "" ppriv -l sys_mount nope1 file_read,nope2
expect_eq "ppriv -l: exit code = number of bad lists, good ones printed" "2 sys_mount" "$RC $OUT"
run_cmd "" ppriv -l PRIV_SYS_MOUNT,file_read basic,-proc_fork,!file_link_any
expect_eq "ppriv -l comma lists (priv_str_to_set), privilege order" "file_read sys_mount file_read file_write net_access proc_exec proc_info proc_session" "$(echo $OUT)"
run_cmd "" ppriv $$
expect_eq "ppriv process inspection is not emulated" 2 "$RC"
run_cmd "" ppriv
expect_eq "ppriv without arguments: usage, exit 2" "2 usage:	ppriv [-v] [-S] [-D|-N] [-s spec] { pid | core } ..." "$RC $(head -n1 <<<"$ERR")"

# ---- sysinfo -------------------------------------------------------------------------------------
run_cmd "" sysinfo
expect_eq "sysinfo JSON" "0 7.0 true $POOL" "$RC $(python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["SDC Version"], v["Setup"], v["Zpool"])' <<<"$OUT")"
run_cmd "" env ZD_PLATFORM=legacy sysinfo
expect_eq "sysinfo without /.smartdc_version: no SDC Version, Setup empty" "False ''" "$(python3 -c 'import json,sys; v=json.load(sys.stdin); print("SDC Version" in v, repr(v["Setup"]))' <<<"$OUT")"
run_cmd "" sysinfo -p
expect_eq "sysinfo -p keys (output_parsable)" "Live_Image System_Type Boot_Time SDC_Version VM_Capable Setup UUID Hostname MiB_of_Memory Bootparam_smartos Bootparam_console Bootparam_boot_args Bootparam_bootargs" "$(sed 's/=.*//' <<<"$OUT" | paste -sd' ')"
expect_has "sysinfo -p: MiB_of_Memory unquoted" $'\nMiB_of_Memory=2048\n' "$OUT"$'\n'
run_cmd "" env ZD_MEMORY_MIB=4096 sysinfo
expect_eq "sysinfo MiB of Memory from ZD_MEMORY_MIB (a string, as output_json prints it)" "'4096'" "$(python3 -c 'import json,sys; print(repr(json.load(sys.stdin)["MiB of Memory"]))' <<<"$OUT")"
run_cmd "" sysinfo -u
expect_eq "sysinfo -u updates only" "0 " "$RC $OUT"
for bad in -n -x; do
    run_cmd "" sysinfo "$bad"
    expect_eq "sysinfo $bad: usage on stdout, exit 2" "2 Usage: $WORK/cn/bin/sysinfo: [-f] [-p] [-u]" "$RC $OUT"
done
run_cmd "" sysinfo -f extra
expect_eq "sysinfo ignores arguments that are not options" 0 "$RC"

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
# VM.js ENOTRUNNING / EALREADYRUNNING: vmadm.js prints the message and exits 0 (a no-op).
run_cmd "" vmadm stop "$VM2"
expect_eq "stop of a stopped VM" "0 VM $VM2 is already not 'running' (currently: stopped)" "$RC $ERR"
: > "$WORK/cn/vmadm/journal"
run_cmd "" vmadm start "$VM2"
expect_eq "start" "0 Successfully started VM $VM2" "$RC $ERR"
expect_eq "running state and autoboot" "running True" "$(field "$VM2" state) $(field "$VM2" autoboot)"
run_cmd "" vmadm start "$VM2"
expect_eq "start of a running VM" "0 Unable to start VM $VM2: VM $VM2 is already 'running'" "$RC $ERR"
expect_eq "the no-op start is not a boot" "start:running" \
    "$(awk -v vm="$VM2" '$2 == vm { print $3 ":" $4 }' "$WORK/cn/vmadm/journal" | paste -sd' ')"

# A delegated zone created with autoboot false: /data without zoned until its first boot (VM.js
# createDelegatedDataset; zoneadmd validate_datasets sets it at boot), compression/recsize as given.
run_cmd '{"brand":"joyent","alias":"unbooted","delegate_dataset":true,"autoboot":false,"zfs_data_compression":"gzip","zfs_data_recsize":8192}' vmadm create
VM3=$(sed -n 's/^Successfully created VM //p' <<<"$ERR")
ROOT3="$POOL/$VM3"
expect_eq "unbooted: stopped, /data exists, zoned off, compression and recsize" "stopped $ROOT3/data off gzip 8192" \
    "$(field "$VM3" state) $("$REAL_ZFS" get -H -o name,value zoned "$ROOT3/data" | tr '\t' ' ') $("$REAL_ZFS" get -H -p -o value compression,recordsize "$ROOT3/data" | paste -sd' ')"
expect_eq "unbooted: zoned is not even set (inherited off)" "default" "$("$REAL_ZFS" get -H -o source zoned "$ROOT3/data")"
run_cmd "" vmadm start "$VM3"
expect_eq "first boot" "0 Successfully started VM $VM3" "$RC $ERR"
expect_eq "the first boot set zoned=on on /data" "on local" "$("$REAL_ZFS" get -H -o value,source zoned "$ROOT3/data" | tr '\t' ' ')"
vmadm stop "$VM3" 2>/dev/null
vmadm update "$VM3" autoboot=true 2>/dev/null
run_cmd "" vmadm stop "$VM3" -F
expect_eq "stop -F of a stopped VM: exit 0, autoboot kept" "0 VM $VM3 is already not 'running' (currently: stopped) True" "$RC $ERR $(field "$VM3" autoboot)"
run_cmd "" vmadm stop "$VM3"
expect_eq "stop of a stopped VM: exit 0, autoboot false" "0 False" "$RC $(field "$VM3" autoboot)"
"$REAL_ZFS" set zoned=off "$ROOT3/data"
"$REAL_ZFS" destroy "$ROOT3/data" 2>/dev/null || "$REAL_ZFS" destroy -r "$ROOT3/data"
before=$(datasets)
run_cmd "" vmadm start "$VM3"
expect_eq "a boot whose delegated dataset is gone fails" "1 stopped" "$RC $(field "$VM3" state)"
expect_has "and says which dataset" "cannot open ZFS dataset '$ROOT3/data'" "$ERR"
expect_eq "the failed boot changed nothing" "$before" "$(datasets)"
vmadm delete "$VM3" 2>/dev/null

# Images (illumos-joyent jcommon/cinstall fixup_images, cuninstall): the zone root is a clone of
# <image>@final; without @final, of <image>@<vm uuid>, taken by the create and destroyed by the delete.
IMGF=2e4b2c3a-0d1f-4b6a-9c1e-7f2a3b4c5d6e
IMGN=3f5c3d4b-1e2a-4c7b-8d2f-8a3b4c5d6e7f
"$REAL_ZFS" create "$POOL/$IMGF" && "$REAL_ZFS" snapshot "$POOL/$IMGF@final"
"$REAL_ZFS" create "$POOL/$IMGN"
run_cmd "{\"brand\":\"joyent\",\"image_uuid\":\"$IMGF\"}" vmadm create
VMF=$(sed -n 's/^Successfully created VM //p' <<<"$ERR")
expect_eq "an image with @final: the root is its clone" "$POOL/$IMGF@final" "$("$REAL_ZFS" get -H -o value origin "$POOL/$VMF")"
run_cmd "{\"brand\":\"joyent\",\"image_uuid\":\"$IMGN\"}" vmadm create
VMN=$(sed -n 's/^Successfully created VM //p' <<<"$ERR")
expect_eq "an image without @final: a snapshot named after the VM" "0 $POOL/$IMGN@$VMN" "$RC $("$REAL_ZFS" get -H -o value origin "$POOL/$VMN")"
vmadm delete "$VMF" 2>/dev/null
vmadm delete "$VMN" 2>/dev/null
expect_eq "delete keeps @final and destroys the VM's own image snapshot" "$POOL/$IMGF@final" \
    "$("$REAL_ZFS" list -H -o name -t snapshot -r "$POOL/$IMGF" "$POOL/$IMGN")"
before=$(datasets)
run_cmd '{"brand":"joyent","image_uuid":"11111111-2222-3333-4444-555555555555"}' vmadm create
expect_eq "an image that is not installed is refused (VM.js validateImages)" "1 Invalid value(s) for: image_uuid" "$RC $ERR"
expect_eq "the refused create changed nothing" "$before" "$(datasets)"
"$REAL_ZFS" destroy -r "$POOL/$IMGF"
"$REAL_ZFS" destroy -r "$POOL/$IMGN"

before=$(datasets)
run_cmd "" vmadm create-snapshot "$VM" s1
expect_eq "create-snapshot of a zone with datasets" "1 Cannot currently snapshot zones that have datasets" "$RC $ERR"
run_cmd "" vmadm create-snapshot "$VM2" "bad name"
expect_eq "create-snapshot with a bad name" "1 Invalid snapshot name" "$RC $ERR"
expect_eq "refused snapshots changed nothing" "$before" "$(datasets)"
run_cmd "" vmadm create-snapshot "$VM2" a
expect_eq "create-snapshot" "0 Created snapshot a for VM $VM2" "$RC $ERR"
run_cmd "" vmadm create-snapshot "$VM2" b
run_cmd "" vmadm create-snapshot "$VM2" a
expect_eq "create-snapshot of an existing name" "1 snapshot with name 'a' already exists for VM $VM2" "$RC $ERR"
expect_eq "vmadm get lists the vmsnap snapshots" "a b" "$(vmadm get "$VM2" | python3 -c 'import json,sys; print(" ".join(sorted(s["name"] for s in json.load(sys.stdin)["snapshots"])))')"
journal_of() { awk -v vm="$1" '$2 == vm { print $3 ":" $4 }' "$WORK/cn/vmadm/journal" | paste -sd' '; }
# rollback-snapshot, as VM.js rollback_snapshot: refusals first, then halt (not stop) if not stopped, rollback, ALWAYS start
before=$(datasets; cat "$WORK/cn/vmadm/$VM2.json")
run_cmd "" vmadm rollback-snapshot "$VM2" "bad name"
expect_eq "rollback-snapshot with a bad name (validSnapshotName)" "1 Invalid snapshot name" "$RC $ERR"
run_cmd "" vmadm rollback-snapshot "$VM2" never
expect_eq "rollback-snapshot of a missing snapshot" "1 No snapshot named \"never\" for $VM2" "$RC $ERR"
run_cmd "" vmadm rollback-snapshot "$VM2"
expect_eq "rollback-snapshot without a snapname (vmadm.js usage)" 2 "$RC"
expect_eq "refused rollbacks changed nothing" "$before" "$(datasets; cat "$WORK/cn/vmadm/$VM2.json")"
: > "$WORK/cn/vmadm/journal"
run_cmd "" vmadm rollback-snapshot "$VM2" a
expect_eq "rollback-snapshot" "0 Rolled back snapshot a for VM $VM2" "$RC $ERR"
expect_eq "rollback destroyed the newer snapshot" "$ROOT2@vmsnap-a" "$("$REAL_ZFS" list -H -o name -t snapshot -r "$ROOT2")"
expect_eq "rollback halted (force, no clean stop) and started the running VM" "halt:stopped rollback:a:stopped start:running" "$(journal_of "$VM2")"
vmadm stop "$VM2" 2>/dev/null
: > "$WORK/cn/vmadm/journal"
run_cmd "" vmadm rollback-snapshot "$VM2" a
expect_eq "rollback-snapshot of a stopped VM" "0 Rolled back snapshot a for VM $VM2" "$RC $ERR"
expect_eq "rollback boots a stopped VM (VM.start, no do_not_start)" "rollback:a:stopped start:running" "$(journal_of "$VM2")"
expect_eq "state and autoboot after rolling back a stopped VM" "running True" "$(field "$VM2" state) $(field "$VM2" autoboot)"
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
expect_eq "reprovision with a missing image (imgadm ImageNotInstalled)" \
    "1 Failed to reprovision VM $VM: image \"11111111-2222-3333-4444-555555555555\" was not found on zpool \"$POOL\"" "$RC $ERR"
run_cmd '{}' vmadm reprovision "$VM"
expect_eq "reprovision without image_uuid" "1 Failed to reprovision VM $VM: payload is missing image_uuid" "$RC $ERR"
vmadm update "$VM" indestructible_zoneroot=true 2>/dev/null
before=$(datasets; cat "$WORK/cn/vmadm/$VM.json")
run_cmd "{\"image_uuid\":\"$IMG\"}" vmadm reprovision "$VM"
expect_eq "reprovision with indestructible_zoneroot" "1 Failed to reprovision VM $VM: indestructible_zoneroot is set, cannot reprovision" "$RC $ERR"
expect_eq "refused reprovisions changed nothing" "$before" "$(datasets; cat "$WORK/cn/vmadm/$VM.json")"
vmadm update "$VM" indestructible_zoneroot=false 2>/dev/null
vmadm stop "$VM" 2>/dev/null
: > "$WORK/cn/vmadm/journal"
run_cmd "{\"image_uuid\":\"$IMG\"}" vmadm reprovision "$VM"
expect_eq "reprovision" "0 Successfully reprovisioned VM $VM" "$RC $ERR"
expect_eq "reprovision boots a stopped VM (installZone autoboot, VM.start)" "reprovision:$IMG:stopped start:running" "$(journal_of "$VM")"
expect_eq "state and autoboot after reprovisioning a stopped VM" "running True" "$(field "$VM" state) $(field "$VM" autoboot)"
expect_eq "reprovision kept data, its snapshots, limits and quota" "$kept" "$(keep)"
expect_eq "the new root is a clone of the image" "$POOL/$IMG@final" "$("$REAL_ZFS" get -H -o value origin "$ROOT")"
expect_eq "the old root snapshots are gone" "" "$("$REAL_ZFS" list -H -o name -t snapshot -d 1 "$ROOT")"
expect_eq "image_uuid and zoned after reprovision" "$IMG on" "$(field "$VM" image_uuid) $("$REAL_ZFS" get -H -o value zoned "$ROOT/data")"
expect_eq "the new root has devices=off (VM.js clone -o devices=off)" "off" "$("$REAL_ZFS" get -H -o value devices "$ROOT")"
: > "$WORK/cn/vmadm/journal"
run_cmd "{\"image_uuid\":\"$IMG\"}" vmadm reprovision "$VM"
expect_eq "reprovision of a running VM stops it cleanly and boots it" "stop:stopped reprovision:$IMG:stopped start:running" "$(journal_of "$VM")"
# An image without @final: VM.js falls back to <zpool>/<image>@<vm uuid>, made when missing.
IMG2=7c4cde3b-7c24-4bac-8f3e-4054f2e1d1ef
"$REAL_ZFS" create "$POOL/$IMG2"
run_cmd "{\"image_uuid\":\"$IMG2\"}" vmadm reprovision "$VM2"
expect_eq "reprovision from an image without @final" "0 Successfully reprovisioned VM $VM2" "$RC $ERR"
expect_eq "the new root is a clone of <image>@<vm uuid>" "$POOL/$IMG2@$VM2" "$("$REAL_ZFS" get -H -o value origin "$ROOT2")"

# reboot (Repair-SafeZone -Restart): records boot_timestamp, keeps limit_priv; refused when not running
before=$(datasets)
run_cmd "" vmadm reboot "$VM"
expect_eq "reboot message" "0 Successfully completed reboot for VM $VM" "$RC $ERR"
expect_has "reboot recorded boot_timestamp" '"boot_timestamp"' "$(cat "$WORK/cn/vmadm/$VM.json")"
expect_eq "reboot changed no dataset" "$before" "$(datasets)"
run_cmd "" vmadm update "$VM" state=stopped
run_cmd "" vmadm reboot "$VM"
expect_eq "reboot of a stopped VM exit" 1 "$RC"
expect_has "reboot of a stopped VM message" 'Cannot reboot vm from state "stopped", must be "running"' "$ERR"
run_cmd "" vmadm update "$VM" state=running

# issue 17: a running zone keeps the limit_priv it booted with (zone.c zone_create/zsched); ps lists its
# zsched (class SYS) and ppriv -v prints its sets; an update changes the config only, a reboot applies it.
zsched_of() { ps -e -o pid= -o class= -o zone= | awk -v z="$1" '$2 == "SYS" && $3 == z { print $1 }'; }
limit_of() { ppriv -v "$1" | sed -n 's/^	L: //p'; }
run_cmd '{"limit_priv":"default"}' vmadm update "$VM"
run_cmd "" vmadm reboot "$VM"
P1=$(zsched_of "$VM")
expect_eq "ps lists one zsched for the running zone" 1 "$(wc -w <<<"$P1")"
expect_eq "ps -o class= -p: the zsched is of class SYS" "SYS" "$(ps -o class= -p "$P1" | tr -d ' ')"
run_cmd "" ppriv -v "$P1"
expect_eq "ppriv -v: the zsched line and flags" "$P1:	zsched|flags = <none>" "$(head -n2 <<<"$OUT" | paste -sd'|')"
expect_eq "ppriv -v: E, I, P, L" "E I P L" "$(sed -n 's/^	\([EIPL]\): .*/\1/p' <<<"$OUT" | paste -sd' ')"
expect_has "booted with default: sys_fs_import in L" ",sys_fs_import," ",$(limit_of "$P1"),"
run_cmd '{"limit_priv":"default,-sys_fs_import"}' vmadm update "$VM"
expect_eq "after update: the same zsched" "$P1" "$(zsched_of "$VM")"
expect_has "after update (no boot): L still holds sys_fs_import" ",sys_fs_import," ",$(limit_of "$P1"),"
run_cmd "" vmadm reboot "$VM"
P2=$(zsched_of "$VM")
expect_eq "reboot: a new zsched" 1 "$([[ -n "$P2" && "$P2" != "$P1" ]] && echo 1 || echo 0)"
expect_eq "after reboot: sys_fs_import gone from L" "" "$(limit_of "$P2" | tr , '\n' | grep -x sys_fs_import)"
expect_has "after reboot: file_read still in L" ",file_read," ",$(limit_of "$P2"),"
run_cmd "" ppriv -v "$P1"
expect_eq "ppriv -v of a gone zsched" "1 ppriv: cannot examine $P1: no such process" "$RC $ERR"
run_cmd "" vmadm stop "$VM"
expect_eq "a stopped zone has no zsched" "" "$(zsched_of "$VM")"
run_cmd "" vmadm start "$VM"
expect_has "start boots with the configured limit_priv" "file_read" "$(limit_of "$(zsched_of "$VM")")"
run_cmd "" ps -o pid= -p $$
expect_eq "other ps uses pass through to the real ps" "$$" "$(echo $OUT)"

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
"$REAL_ZFS" create -o canmount=noauto "$POOL/ROOT/be-nouuid"
run_cmd "" "$HERE/beadm" list -H
expect_has "beadm: a BE without uuid prints (null), as beadm's printf of libbe's NULL be_uuid_str" "be-nouuid;(null);;-;" "$OUT"
expect_has "beadm: the booted BE still has its uuid" "be-b;7b1d4e6f-2c3a-4d9e-8f8b-62a1c3d4e502;NR;/;" "$OUT"
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
"$REAL_ZFS" create -o canmount=noauto -o mountpoint="$WORK/zones/back\\slash" "$POOL/zones/zb"
run_cmd "" "$HERE/zoneadm" list -cp
expect_has "zoneadm: a backslash in the zonepath is printed as it is (zoneadm.c zone_print)" "-:zb:installed:$WORK/zones/back\\slash:" "$OUT"
# testbed.sh illumos-zone on a CN folder that points at this pool: both BE container layouts.
mkdir -p "$WORK/tb/fake"
printf 'platform=illumos\npool=%s\n' "$POOL" > "$WORK/tb/fake/description"
run_cmd "" env ZD_TESTBED_ROOT="$WORK/tb" bash "$HERE/../testbed.sh" illumos-zone fake zs --layout solaris11
expect_eq "illumos-zone --layout solaris11 exit" 0 "$RC"
expect_eq "solaris11 layout: the BE is in <zonepath ds>/rpool/ROOT" "on" "$("$REAL_ZFS" get -H -o value org.opensolaris.libbe:active "$POOL/zones/zs/rpool/ROOT/zbe" 2>&1)"
expect_eq "solaris11 layout: no ROOT container" "no" "$("$REAL_ZFS" list "$POOL/zones/zs/ROOT" >/dev/null 2>&1 && echo yes || echo no)"
expect_has "solaris11 layout: zoneadm lists the zone" ":zs:installed:$WORK/tb/fake/zones/zs:" "$("$HERE/zoneadm" list -cp)"
run_cmd "" env ZD_TESTBED_ROOT="$WORK/tb" bash "$HERE/../testbed.sh" illumos-zone fake zi
expect_eq "illumos layout (default): the BE is in <zonepath ds>/ROOT" "on" "$("$REAL_ZFS" get -H -o value org.opensolaris.libbe:active "$POOL/zones/zi/ROOT/zbe" 2>&1)"
run_cmd "" env ZD_TESTBED_ROOT="$WORK/tb" bash "$HERE/../testbed.sh" illumos-zone fake "$(printf 'z%.0s' {1..64})"
expect_has "illumos-zone refuses a 64-character zone name (ZONENAME_MAX includes the NUL)" "not a valid zone name" "$ERR"

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
