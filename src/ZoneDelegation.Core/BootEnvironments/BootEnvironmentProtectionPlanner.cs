using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Zfs.Parsing;

namespace ZoneDelegation.Core.BootEnvironments;

/// <summary>
/// Protect-/Unprotect-ZoneBootEnvironment. A zone admin can destroy the zone BEs an older global BE needs
/// (they sit in the zone's delegated BE container). Protection takes a BE that does not belong to the booted
/// global BE out of the zone's reach: canmount=off, zoned=off (the zone can no longer see or destroy it) and
/// mountpoint=legacy (so a BE whose mountpoint is '/' is never mounted over the global zone's root once it is
/// no longer zoned). Each dataset's previous value and source are saved in com.zonedelegation:saved.* first,
/// so Unprotect restores exactly what was there (canmount cannot be inherited, so a default canmount comes back
/// as the same value set locally).
/// </summary>
internal static class BootEnvironmentProtectionPlanner
{
    public const string SafeMountpoint = "legacy";

    private const string Local = "local:";
    private const string Default = "default:";
    private const string Inherited = "inherited";

    /// <summary>
    /// Protected is decided by what only the global zone can write: <c>zoned=off</c> set locally (a zone can
    /// never set zoned, illumos zfs_secpolicy_setprop), with the saved value Protect left. The saved.* user
    /// properties alone prove nothing: a zone admin can write them on any BE of its own.
    /// </summary>
    public static bool IsProtected(BeFilesystem root) =>
        root.Row("zoned") is { Value: "off", Source.Kind: ZfsPropertySourceKind.Local }
        && root.Local(BootEnvironmentProperties.Saved("zoned")) is not null;

    public static BootEnvironmentPlan Protect(ZoneBootEnvironmentState state, string? name)
    {
        ArgumentNullException.ThrowIfNull(state);
        var planning = new BootEnvironmentPlanning(state);
        foreach (var root in Targets(state, name, protect: true))
        {
            var members = state.Members(state.BootEnvironmentOf(root.Name));
            foreach (var fs in members)
            {
                foreach (var property in BootEnvironmentProperties.ProtectedNative)
                {
                    var saved = Encode(fs, property);
                    planning.Steps.Add(BeCommands.Set(fs.Name, BootEnvironmentProperties.Saved(property), saved, $"remember {property} of {fs.Name}"));
                    planning.Promises.Add(e => e.Property(fs.Name, BootEnvironmentProperties.Saved(property), saved, local: true));
                }
            }

            foreach (var (property, value) in new[] { ("canmount", "off"), ("zoned", "off"), ("mountpoint", SafeMountpoint) })
            {
                foreach (var fs in members)
                {
                    planning.Steps.Add(BeCommands.Set(fs.Name, property, value, $"protect {fs.Name} from the zone"));
                    planning.Promises.Add(e => e.Property(fs.Name, property, value, local: true));
                    if (property == "zoned")
                    {
                        planning.Unzoned.Add(fs.Name);
                    }
                }
            }
        }

        return planning.Finish($"Protect boot environments of zone '{state.Zone.Name}' that the booted global BE does not use from the zone.", name);
    }

    public static BootEnvironmentPlan Unprotect(ZoneBootEnvironmentState state, string? name)
    {
        ArgumentNullException.ThrowIfNull(state);
        var planning = new BootEnvironmentPlanning(state);
        foreach (var root in Targets(state, name, protect: false))
        {
            var members = state.Members(state.BootEnvironmentOf(root.Name));
            // mountpoint first (it can only be set while zoned is off), then zoned (children before their root),
            // canmount last: a run that stops part-way never leaves an unzoned dataset that can mount.
            foreach (var property in new[] { "mountpoint", "zoned", "canmount" })
            {
                foreach (var fs in property == "zoned" ? members.AsEnumerable().Reverse() : members)
                {
                    var saved = fs.Local(BootEnvironmentProperties.Saved(property));
                    if (saved is null)
                    {
                        planning.Warnings.Add($"{fs.Name} has no saved {property}; it is left as it is.");
                        continue;
                    }

                    var (value, local, inherit) = Decode(saved, property);
                    if (property == "zoned" && !inherit && value != "on")
                    {
                        // The saved values are zone-writable: a zone BE is never handed back unzoned, whatever they say.
                        planning.Warnings.Add($"{fs.Name}: the saved zoned '{saved}' is not on; zoned is inherited from the container instead.");
                        (value, local, inherit) = (null, false, true);
                    }

                    planning.Steps.Add(inherit
                        ? BeCommands.Inherit(fs.Name, property, $"restore {property} of {fs.Name} (was inherited)")
                        : BeCommands.Set(fs.Name, property, value!, $"restore {property} of {fs.Name}"));
                    if (value is not null || local)
                    {
                        planning.Promises.Add(e => e.Property(fs.Name, property, value, local));
                    }
                }
            }

            foreach (var fs in members)
            {
                foreach (var property in BootEnvironmentProperties.ProtectedNative)
                {
                    if (fs.Local(BootEnvironmentProperties.Saved(property)) is not null)
                    {
                        planning.Steps.Add(BeCommands.Inherit(fs.Name, BootEnvironmentProperties.Saved(property), "forget the saved value"));
                        planning.Promises.Add(e => e.Property(fs.Name, BootEnvironmentProperties.Saved(property), null, local: false));
                    }
                }
            }
        }

        return planning.Finish($"Unprotect boot environments of zone '{state.Zone.Name}': restore what Protect-ZoneBootEnvironment saved.", name);
    }

    private static IEnumerable<BeFilesystem> Targets(ZoneBootEnvironmentState state, string? name, bool protect)
    {
        if (name is not null)
        {
            var root = state.RequireRoot(BootEnvironmentName.Parse(name));
            if (protect && state.Globals.IsCurrent(ZoneBootEnvironmentState.ParentBe(root)))
            {
                throw new ZoneDelegationException(ErrorIds.BootEnvironmentOfCurrentGlobal, ZoneErrorCategory.InvalidOperation,
                    $"Boot environment '{name}' of zone '{state.Zone.Name}' belongs to the booted global BE '{state.Globals.Current.Name}'; " +
                    "protecting it would take the zone's own boot environment out of its reach. Nothing was changed.", root.Name,
                    "Protect the boot environments of older global BEs (without -Name, all of them).");
            }

            return IsProtected(root) == protect ? [] : [root];
        }

        return state.Roots.Where(root => IsProtected(root) != protect &&
                                         (!protect || !state.Globals.IsCurrent(ZoneBootEnvironmentState.ParentBe(root)))).ToList();
    }

    private static string Encode(BeFilesystem fs, string property)
    {
        var row = fs.Row(property) ?? throw new ParseException(ZfsGetParser.Source, 0, $"zfs get printed no {property} for {fs.Name}.", fs.Name);
        return row.Source.Kind switch
        {
            ZfsPropertySourceKind.Local or ZfsPropertySourceKind.Received => Local + row.Value,
            ZfsPropertySourceKind.Default => Default + row.Value,
            _ => Inherited,
        };
    }

    /// <summary>The value to expect (null when inherited: it is whatever the parent has), whether it is local, whether to inherit.</summary>
    private static (string? Value, bool Local, bool Inherit) Decode(string saved, string property)
    {
        if (saved.StartsWith(Local, StringComparison.Ordinal))
        {
            return (saved[Local.Length..], true, false);
        }

        if (saved.StartsWith(Default, StringComparison.Ordinal))
        {
            // canmount cannot be inherited: its default comes back as the same value, set locally.
            return property == "canmount" ? (saved[Default.Length..], true, false) : (saved[Default.Length..], false, true);
        }

        return (null, false, true);
    }
}
