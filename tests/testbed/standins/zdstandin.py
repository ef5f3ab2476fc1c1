# LABELLED STAND-IN SUPPORT CODE, for testing only (sandbox CN of the ZoneDelegation testbed).
#
# Shared by the `zfs`, `zpool` and `vmadm` stand-ins in this folder, so that all three keep the
# emulated illumos limits (snapshot_limit, filesystem_limit, their counts and the pool feature
# filesystem_limits) in ONE place and with one meaning. zfs-fuse (pool version 23) has none of
# them; we store a limit as a user property on the real dataset and count the real snapshots and
# filesystems below it. Nothing here enforces a limit: see the `zfs` stand-in for the explicit
# switch ZD_STANDIN_ENFORCE_LIMITS=1.
#
# Standard library only. Every real command is run with an argv list (never a shell string) and
# LC_ALL=C, through the absolute paths ZD_REAL_ZFS / ZD_REAL_ZPOOL, so a wrapper never calls itself.

import json
import os
import re
import subprocess
import sys

UINT64_MAX = 18446744073709551615

# Where the emulated values live on the real dataset. A user property is inherited by ZFS, so only
# a LOCAL value means "a limit is set here" (an inherited one is ignored everywhere below).
USER_PROP_PREFIX = "com.zonedelegation.standin:"
LIMIT_USER_PROPS = {
    "snapshot_limit": USER_PROP_PREFIX + "snapshot_limit",
    "filesystem_limit": USER_PROP_PREFIX + "filesystem_limit",
}
# Set on the pool's root dataset on the first limit ever set: on illumos the feature becomes
# active then and never goes back to enabled (dsl_dir.c dsl_dir_actv_fs_ss_limit_sync). Its value
# is the highest createtxg in the pool at that moment: a dataset with a higher createtxg was made
# while the feature was active, and illumos gives every such dataset counts
# (dsl_dataset.c dsl_dataset_create_sync: "initialize the counts if the limit feature is active").
FEATURE_MARK_PROP = USER_PROP_PREFIX + "feature_filesystem_limits"
# Set on a dataset when a non-none limit is set on it: illumos then counts that dataset and all its
# descendants (dsl_dir_init_fs_ss_count) and never removes those counts. A user property is
# inherited, so "local or inherited" means "this dataset or an ancestor was initialised".
COUNTED_PROP = USER_PROP_PREFIX + "counted"

LIMIT_PROPS = ("snapshot_limit", "filesystem_limit")
COUNT_PROPS = ("snapshot_count", "filesystem_count")
EMULATED_PROPS = LIMIT_PROPS + COUNT_PROPS

# Dataset types each emulated property applies to (illumos zfs_prop.c registrations).
# zfs-fuse cannot create volumes, but the rule is kept for completeness.
APPLIES_TO = {
    "snapshot_limit": ("filesystem", "volume"),
    "snapshot_count": ("filesystem", "volume"),
    "filesystem_limit": ("filesystem",),
    "filesystem_count": ("filesystem",),
}


def real_zfs():
    return _real_binary("ZD_REAL_ZFS", "/usr/sbin/zfs")


def real_zpool():
    return _real_binary("ZD_REAL_ZPOOL", "/usr/sbin/zpool")


def _real_binary(variable, default):
    path = os.environ.get(variable) or default
    # A misconfigured PATH/variable pointing back at a stand-in would recurse forever.
    here = os.path.dirname(os.path.realpath(__file__))
    if os.path.dirname(os.path.realpath(path)) == here:
        fail("stand-in misconfigured: %s points at a stand-in (%s)" % (variable, path), 2)
    return path


def child_env():
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    return env


def run(argv, stdin_text=None):
    """Runs a real command to completion; returns (exit code, stdout, stderr)."""
    proc = subprocess.run(argv, input=stdin_text, capture_output=True, text=True, env=child_env())
    return proc.returncode, proc.stdout, proc.stderr


def stream(argv):
    """Starts a real command whose stdout is read line by line; stderr goes straight to ours."""
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=None, text=True, env=child_env(),
                            bufsize=1)


def exec_real(argv):
    """Replaces this process with the real command: stdin, stdout, stderr and exit code are its own."""
    sys.stdout.flush()
    os.execve(argv[0], argv, child_env())


def fail(message, code=1):
    sys.stdout.flush()
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.exit(code)


def pool_of(name):
    return name.split("/", 1)[0].split("@", 1)[0]


def dataset_of(name):
    """The filesystem part of a snapshot name (the name itself for a filesystem)."""
    return name.split("@", 1)[0]


def ancestors_or_self(dataset):
    parts = dataset.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def parse_limit_value(text):
    """A limit as `zfs set` takes it: 'none' or what libzfs zfs_nicestrtonum accepts (1K, 1.5, ...).
    Returns int, or None for none (UINT64_MAX is none too); raises ValueError with libzfs's message."""
    if text == "none":
        return None
    value = nicestrtonum(text)
    return None if value == UINT64_MAX else value


_SUFFIXES = "BKMGTPEZ"


def _shift_of(suffix):
    """libzfs_util.c str2shift: '' or one of BKMGTPEZ (any case), optionally followed by 'b'; not 'BB'."""
    if suffix == "":
        return 0
    index = _SUFFIXES.find(suffix[0].upper())
    if index >= 0 and (len(suffix) == 1 or (len(suffix) == 2 and suffix[1].upper() == "B"
                                             and suffix[0].upper() != "B")):
        return 10 * index
    raise ValueError("invalid numeric suffix '%s'" % suffix)


def nicestrtonum(text):
    """illumos libzfs_util.c zfs_nicestrtonum: the number, or ValueError with libzfs's message."""
    if not text or not (text[0].isdigit() or text[0] == "."):
        raise ValueError("bad numeric value '%s'" % text)
    digits = len(text) - len(text.lstrip("0123456789"))
    whole, rest = int(text[:digits] or "0"), text[digits:]
    if whole > UINT64_MAX:  # strtoull: ERANGE
        raise ValueError("numeric value is too large")
    if rest.startswith("."):
        match = re.match(r"[0-9]*\.[0-9]*(?:[eE][-+]?[0-9]+)?", text)  # strtod's part of the text
        number = text[:match.end()]
        if number == ".":
            raise ValueError("invalid numeric suffix '%s'" % text)  # strtod read nothing
        value = float(number) * (2 ** _shift_of(text[match.end():]))
        if value > UINT64_MAX:
            raise ValueError("numeric value is too large")
        return int(value)
    shift = _shift_of(rest)
    if shift >= 64 or (whole << shift) > UINT64_MAX:
        raise ValueError("numeric value is too large")
    return whole << shift


def dataset_type(dataset):
    """Returns (type, None) or (None, stderr of the real zfs) when the dataset cannot be opened."""
    code, out, err = run([real_zfs(), "get", "-H", "-o", "value", "type", dataset])
    if code != 0:
        return None, err
    return out.strip(), None


def set_limit(dataset, prop, value):
    """Sets (int) or clears (None) an emulated limit on a real dataset. Returns (ok, stderr).

    Like illumos: none is stored as a local value (zfs_ioctl.c zfs_prop_set_special, "clearing the
    limit, just do it"), so it reads back as none with source local. A number first activates the
    pool feature and initialises the counts of the dataset and its descendants
    (dsl_dir_activate_fs_ss_limit)."""
    user_prop = LIMIT_USER_PROPS[prop]
    if value is not None:
        for step in (lambda: _activate_feature(pool_of(dataset)),
                     lambda: run([real_zfs(), "set", COUNTED_PROP + "=1", dataset])):
            code, _, err = step()
            if code != 0:
                return False, err
    code, _, err = run([real_zfs(), "set", "%s=%s" % (user_prop, "none" if value is None else value), dataset])
    return code == 0, err


def _activate_feature(pool):
    """Marks the feature active (once) with the pool's highest createtxg at this moment."""
    if feature_threshold(pool) is not None:
        return 0, "", ""
    # zfs-fuse's zfs get has no -t; -r lists snapshots too.
    code, out, err = run([real_zfs(), "get", "-H", "-p", "-r", "-o", "value", "createtxg", pool])
    if code != 0:
        return code, out, err
    highest = max((int(v) for v in out.split() if v.isdigit()), default=0)
    return run([real_zfs(), "set", "%s=%d" % (FEATURE_MARK_PROP, highest), pool])


def feature_threshold(pool):
    """None while the feature is enabled; once active, the highest createtxg before activation
    (-1 when unknown: a mark from an older stand-in, which counts no dataset by its age)."""
    code, out, _ = run([real_zfs(), "get", "-H", "-s", "local", "-o", "value", FEATURE_MARK_PROP, pool])
    value = out.strip()
    if code != 0 or not value or value == "-":
        return None
    return int(value) if value.isdigit() else -1


def local_limits(roots):
    """{dataset: {prop: int}} for every filesystem under `roots` (all pools when empty) that has a limit set."""
    limits = {}
    for name, settings in local_limit_settings(roots).items():
        numbers = {p: v for p, v in settings.items() if v is not None}
        if numbers:
            limits[name] = numbers
    return limits


def local_limit_settings(roots):
    """{dataset: {prop: int or None}} for every local limit setting under `roots`; None is a local none."""
    props = ",".join(LIMIT_USER_PROPS.values())
    by_user_prop = {v: k for k, v in LIMIT_USER_PROPS.items()}
    argv = [real_zfs(), "get", "-H", "-r", "-s", "local", "-o", "name,property,value", props]
    argv += sorted(set(roots))
    result = {}
    proc = stream(argv)
    for line in proc.stdout:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 3 or "@" in fields[0] or fields[1] not in by_user_prop:
            continue
        try:
            value = parse_limit_value(fields[2])
        except ValueError:
            continue  # someone wrote junk into our user property: treat as unset
        result.setdefault(fields[0], {})[by_user_prop[fields[1]]] = value
    proc.wait()
    return result


def tracked_datasets(roots):
    """The filesystems and volumes under `roots` (all pools when empty) that illumos keeps counts on:
    those a limit was ever set on, or on an ancestor of (COUNTED_PROP), and those created while the
    pool feature was active (createtxg above the pool's mark)."""
    argv = [real_zfs(), "get", "-H", "-p", "-r", "-o", "name,property,value",
            "createtxg," + COUNTED_PROP] + sorted(set(roots))
    thresholds = {}
    tracked = set()
    proc = stream(argv)
    for line in proc.stdout:
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 3:
            continue
        name, prop, value = fields
        if "@" in name:
            continue
        if prop == COUNTED_PROP and value == "1":
            tracked.add(name)
        elif prop == "createtxg" and value.isdigit():
            pool = pool_of(name)
            if pool not in thresholds:
                thresholds[pool] = feature_threshold(pool)
            if thresholds[pool] is not None and thresholds[pool] >= 0 and int(value) > thresholds[pool]:
                tracked.add(name)
    proc.wait()
    return tracked


def subtree_counts(roots):
    """{filesystem: [filesystem_count, snapshot_count]} for every filesystem under `roots`.

    filesystem_count counts descendants (not the dataset itself); snapshot_count counts the
    snapshots of the dataset and of all descendants. Memory grows with the number of
    filesystems, not with the number of snapshots (names are streamed)."""
    argv = [real_zfs(), "list", "-H", "-t", "all", "-o", "name", "-r"] + sorted(set(roots))
    counts = {}
    proc = stream(argv)
    for line in proc.stdout:
        name = line.rstrip("\n")
        if not name:
            continue
        if "@" in name:
            for a in ancestors_or_self(dataset_of(name)):
                counts.setdefault(a, [0, 0])[1] += 1
        else:
            counts.setdefault(name, [0, 0])
            for a in ancestors_or_self(name)[1:]:
                counts.setdefault(a, [0, 0])[0] += 1
    proc.wait()
    return counts


def feature_state(pool):
    """'active' once a limit was ever set in the pool (or one is set now), else 'enabled'."""
    if feature_threshold(pool) is not None:
        return "active"
    return "active" if local_limits([pool]) else "enabled"


def nicenum(value):
    """illumos zfs_nicenum: 1023 -> '1023', 1024 -> '1K', 1536 -> '1.50K'."""
    units = "BKMGTPE"
    n, index = value, 0
    while n >= 1024 and index < len(units) - 1:
        n //= 1024
        index += 1
    suffix = "" if index == 0 else units[index]
    if index == 0 or value % (1 << (10 * index)) == 0:
        return "%d%s" % (n, suffix)
    exact = value / float(1 << (10 * index))
    for precision in (2, 1, 0):
        text = "%.*f%s" % (precision, exact, suffix)
        if len(text) <= 5:
            return text
    return "%.0f%s" % (exact, suffix)


def print_table(header, rows, out=sys.stdout):
    """Left-aligned columns separated by two spaces, like zfs/zpool without -H (buffers the rows)."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    for row in [header] + rows:
        out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")


# ---- the running zones, as the kernel knows them (issue 17) -------------------------------------
# There is no zone on the testbed; what a real CN's kernel holds per running zone is kept in
# $ZD_CN_DIR/zones/<zonename>.json: {"zonename", "limitpriv", "zsched_pid"}. vmadm writes it when a
# zone boots (create with autoboot, start, reboot, and the starts of rollback-snapshot and
# reprovision) and removes it when the zone halts or is deleted. limitpriv is the zone's limit_priv AS
# IT WAS AT THAT BOOT: illumos zoneadmd reads limitpriv from the zone's configuration only when it
# boots the zone (vplat.c vplat_bringup -> zone_create with the privilege set from
# zonecfg_get_privset), and the kernel keeps that set (zone.c zone_create: zone_set_privset,
# zone_kcred = kcred intersected with it) until the zone is destroyed; `vmadm update limit_priv`
# changes only the configuration (VM.js updateZonecfg). `ps` and `ppriv` read these records to show
# each running zone's zsched, a kernel process whose credentials are zone_kcred (zone.c zsched).

FIRST_ZSCHED_PID = 900001  # fake process ids, above any the sandbox's own processes get in practice


def zones_dir():
    base = os.environ.get("ZD_CN_DIR")
    if not base:
        fail("stand-in: ZD_CN_DIR is not set (the testbed sets it per CN)")
    path = os.path.join(base, "zones")
    os.makedirs(path, exist_ok=True)
    return path


def running_zones():
    """Every running zone's record, by zsched pid."""
    zones = []
    for name in sorted(os.listdir(zones_dir())):
        if name.endswith(".json"):
            try:
                with open(os.path.join(zones_dir(), name)) as handle:
                    zones.append(json.load(handle))
            except (OSError, ValueError):
                continue
    return sorted(zones, key=lambda zone: zone["zsched_pid"])


def boot_zone(zonename, limitpriv):
    """A (re)boot: a new zsched with the limit_priv configured now (a reboot is a halt then a boot)."""
    halt_zone(zonename)
    counter = os.path.join(zones_dir(), "next-pid")
    try:
        with open(counter) as handle:
            pid = int(handle.read().strip())
    except (OSError, ValueError):
        pid = FIRST_ZSCHED_PID
    with open(counter, "w") as handle:
        handle.write("%d\n" % (pid + 1))
    record = {"zonename": zonename, "limitpriv": limitpriv, "zsched_pid": pid}
    path = os.path.join(zones_dir(), zonename + ".json")
    with open(path + ".tmp", "w") as handle:
        json.dump(record, handle)
    os.replace(path + ".tmp", path)
    return record


def halt_zone(zonename):
    try:
        os.remove(os.path.join(zones_dir(), zonename + ".json"))
    except FileNotFoundError:
        pass
