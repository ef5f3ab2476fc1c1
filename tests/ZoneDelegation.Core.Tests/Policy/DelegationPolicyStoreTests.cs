using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;

namespace ZoneDelegation.Core.Tests.Policy;

public sealed class DelegationPolicyStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("zd-policy-store-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// A fake process: variables from a dictionary, special folders under the temp root, and the real
    /// file system for files under the temp root plus a set of paths that merely "exist".
    /// </summary>
    private PolicyStoreEnvironment Environment(bool windows = false, Dictionary<string, string>? variables = null,
        params string[] pretendExisting) => new()
        {
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            GetFolderPath = folder => Path.Combine(root, folder.ToString()),
            FileExists = path => pretendExisting.Contains(path) || File.Exists(path),
            IsWindows = windows,
        };

    [Fact]
    public void Unix_user_path_is_under_home_config_without_xdg()
    {
        var store = new DelegationPolicyStore(Environment(variables: new() { ["HOME"] = "/home/op" }));

        Assert.Equal("/home/op/.config/zonedelegation/policy.json", store.UserPath);
        Assert.Equal(new PolicyLocation("/home/op/.config/zonedelegation/policy.json", PolicySourceKind.User), store.Resolve());
    }

    [Fact]
    public void Unix_user_path_follows_an_absolute_xdg_config_home_and_ignores_a_relative_one()
    {
        var absolute = new DelegationPolicyStore(Environment(variables: new() { ["HOME"] = "/home/op", ["XDG_CONFIG_HOME"] = "/cfg" }));
        var relative = new DelegationPolicyStore(Environment(variables: new() { ["HOME"] = "/home/op", ["XDG_CONFIG_HOME"] = "cfg" }));

        Assert.Equal("/cfg/zonedelegation/policy.json", absolute.UserPath);
        Assert.Equal("/home/op/.config/zonedelegation/policy.json", relative.UserPath);
    }

    [Fact]
    public void Unix_system_wide_file_wins_over_the_user_file_when_it_exists()
    {
        var store = new DelegationPolicyStore(Environment(variables: new() { ["HOME"] = "/home/op" },
            pretendExisting: "/etc/zonedelegation/policy.json"));

        Assert.Equal("/etc/zonedelegation/policy.json", store.SystemWidePath);
        Assert.Equal(new PolicyLocation("/etc/zonedelegation/policy.json", PolicySourceKind.SystemWide), store.Resolve());
    }

    [Fact]
    public void The_environment_variable_wins_over_everything()
    {
        var path = Path.Combine(root, "elsewhere.json");
        var store = new DelegationPolicyStore(Environment(
            variables: new() { ["ZONEDELEGATION_POLICY"] = path, ["HOME"] = "/home/op" },
            pretendExisting: "/etc/zonedelegation/policy.json"));

        Assert.Equal(new PolicyLocation(path, PolicySourceKind.EnvironmentVariable), store.Resolve());
    }

    [Fact]
    public void A_blank_environment_variable_is_ignored()
    {
        var store = new DelegationPolicyStore(Environment(variables: new() { ["ZONEDELEGATION_POLICY"] = " ", ["HOME"] = "/home/op" }));
        Assert.Equal(PolicySourceKind.User, store.Resolve().Kind);
    }

    [Fact]
    public void Windows_paths_use_program_data_and_application_data()
    {
        var store = new DelegationPolicyStore(Environment(windows: true));

        Assert.Equal(Path.Combine(root, "CommonApplicationData", "ZoneDelegation", "policy.json"), store.SystemWidePath);
        Assert.Equal(Path.Combine(root, "ApplicationData", "ZoneDelegation", "policy.json"), store.UserPath);
        Assert.Equal(PolicySourceKind.User, store.Resolve().Kind);
        File.WriteAllText(Directory.CreateDirectory(Path.GetDirectoryName(store.SystemWidePath)!).FullName + "/policy.json", "{}");
        Assert.Equal(new PolicyLocation(store.SystemWidePath, PolicySourceKind.SystemWide), store.Resolve());
    }

    [Fact]
    public void No_file_gives_the_built_in_defaults_and_says_so()
    {
        var store = new DelegationPolicyStore(Environment(windows: true));

        var result = store.Load();

        Assert.Equal(DelegationPolicy.Default, result.Policy);
        Assert.False(result.FromFile);
        Assert.Equal("built-in defaults", result.Source);
        Assert.Equal(store.UserPath, result.Location.Path);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_variable_naming_a_missing_file_gives_defaults_with_a_warning()
    {
        var path = Path.Combine(root, "typo.json");
        var store = new DelegationPolicyStore(Environment(variables: new() { ["ZONEDELEGATION_POLICY"] = path }));

        var result = store.Load();

        Assert.Equal(DelegationPolicy.Default, result.Policy);
        Assert.Equal("built-in defaults", result.Source);
        Assert.Equal(DelegationWarningCodes.PolicyFileMissing, Assert.Single(result.Warnings).Code);
    }

    [Fact]
    public void Save_then_Load_round_trips_and_reports_the_file()
    {
        var store = new DelegationPolicyStore(Environment(windows: true));
        var policy = new DelegationPolicy { Enabled = false, AllowedOwners = [Guid.NewGuid()], SnapshotLimit = 7 };

        var warnings = store.Save(policy);
        var result = store.Load();

        Assert.Empty(warnings);
        Assert.Equal(policy, result.Policy);
        Assert.True(result.FromFile);
        Assert.Equal(store.UserPath, result.Source);
        Assert.Equal(PolicySourceKind.User, result.Location.Kind);
    }

    [Fact]
    public void Save_creates_the_folder_replaces_the_old_file_and_leaves_no_temporary_file()
    {
        var location = new PolicyLocation(Path.Combine(root, "a", "b", "policy.json"), PolicySourceKind.Explicit);
        var store = new DelegationPolicyStore(Environment());

        store.Save(DelegationPolicy.Default, location);
        store.Save(DelegationPolicy.Default with { FilesystemLimit = 3 }, location);

        Assert.Equal(3, store.Load(location).Policy.FilesystemLimit);
        // Besides the policy, only the writers' lock file (hidden, kept: removing it would race).
        Assert.Equal(["policy.json"], Directory.GetFiles(Path.Combine(root, "a", "b")).Select(Path.GetFileName).Where(name => name != ".policy.json.lock"));
    }

    [Fact]
    public void Save_returns_the_zero_limit_warning()
    {
        var location = new PolicyLocation(Path.Combine(root, "policy.json"), PolicySourceKind.Explicit);
        var warnings = new DelegationPolicyStore(Environment()).Save(DelegationPolicy.Default with { SnapshotLimit = 0 }, location);
        Assert.Equal(DelegationWarningCodes.SnapshotLimitZero, Assert.Single(warnings).Code);
    }

    [Fact]
    public void Save_of_an_invalid_policy_throws_and_writes_nothing()
    {
        var location = new PolicyLocation(Path.Combine(root, "sub", "policy.json"), PolicySourceKind.Explicit);
        var store = new DelegationPolicyStore(Environment());

        var ex = Assert.Throws<ZoneDelegationException>(() => store.Save(DelegationPolicy.Default with { SnapshotLimit = -5 }, location));

        Assert.Equal(ErrorIds.InvalidLimitValue, ex.ErrorId);
        Assert.False(Directory.Exists(Path.Combine(root, "sub")));
    }

    [Fact]
    public void Save_of_an_invalid_policy_keeps_the_existing_file_byte_for_byte()
    {
        var location = new PolicyLocation(Path.Combine(root, "policy.json"), PolicySourceKind.Explicit);
        var store = new DelegationPolicyStore(Environment());
        store.Save(DelegationPolicy.Default, location);
        var before = File.ReadAllBytes(location.Path);

        Assert.Throws<ZoneDelegationException>(() => store.Save(DelegationPolicy.Default with { FilesystemLimit = -1 }, location));

        Assert.Equal(before, File.ReadAllBytes(location.Path));
        Assert.Single(Directory.GetFiles(root), file => Path.GetFileName(file) != ".policy.json.lock");
    }

    [Fact]
    public void Save_to_an_unwritable_place_is_PolicyFileNotWritable_and_leaves_no_temporary_file()
    {
        // A regular file where the folder should be: creating the folder fails even for root.
        var blocker = Path.Combine(root, "blocker");
        File.WriteAllText(blocker, "x");
        var location = new PolicyLocation(Path.Combine(blocker, "policy.json"), PolicySourceKind.Explicit);

        var ex = Assert.Throws<ZoneDelegationException>(() => new DelegationPolicyStore(Environment()).Save(DelegationPolicy.Default, location));

        Assert.Equal(ErrorIds.PolicyFileNotWritable, ex.ErrorId);
        Assert.Equal(location.Path, ex.Target);
        Assert.Equal(["blocker"], Directory.GetFiles(root).Select(Path.GetFileName));
    }

    // file content, a fragment the message must contain
    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{ \"enabled\": tru }", "not valid JSON")]
    [InlineData("{ \"snapshotLimit\": \"many\" }", "'snapshotLimit' must be a whole number")]
    [InlineData("{ \"snapshotLimit\": -3 }", "'snapshotLimit' must be a whole number")]
    [InlineData("{ \"snapshotLimit\": 9007199254740992 }", "SnapshotLimit is 9007199254740992")]
    [InlineData("{ \"allowedOwners\": [\"bob\"] }", "not a UUID")]
    [InlineData("{ \"minimumPlatform\": \"yesterday\" }", "'minimumPlatform' must be a platform stamp")]
    [InlineData("{ \"enabeld\": false }", "'enabeld' is unknown")]
    public void A_corrupt_file_is_PolicyFileInvalid_naming_the_path_and_the_problem(string content, string fragment)
    {
        var path = Path.Combine(root, "policy.json");
        File.WriteAllText(path, content);
        var store = new DelegationPolicyStore(Environment(variables: new() { ["ZONEDELEGATION_POLICY"] = path }));

        var ex = Assert.Throws<ZoneDelegationException>(() => store.Load());

        Assert.Equal(ErrorIds.PolicyFileInvalid, ex.ErrorId);
        Assert.Equal(ZoneErrorCategory.InvalidData, ex.Category);
        Assert.Equal(path, ex.Target);
        Assert.Contains(path, ex.Message);
        Assert.Contains(fragment, ex.Message);
        Assert.Contains("Set-DelegationPolicy", ex.Hint);
    }

    [Fact]
    public void An_unreadable_file_is_PolicyFileInvalid()
    {
        // A directory where the file should be: it "exists" for the lookup but cannot be read as a file.
        var path = Path.Combine(root, "policy.json");
        Directory.CreateDirectory(path);
        var store = new DelegationPolicyStore(Environment(variables: new() { ["ZONEDELEGATION_POLICY"] = path },
            pretendExisting: path));

        var ex = Assert.Throws<ZoneDelegationException>(() => store.Load());

        Assert.Equal(ErrorIds.PolicyFileInvalid, ex.ErrorId);
        Assert.Contains("cannot be read", ex.Message);
    }

    [Fact]
    public void A_file_with_a_zero_limit_loads_with_its_warning()
    {
        var path = Path.Combine(root, "policy.json");
        File.WriteAllText(path, "{ \"filesystemLimit\": 0 }");
        var result = new DelegationPolicyStore(Environment(variables: new() { ["ZONEDELEGATION_POLICY"] = path })).Load();

        Assert.Equal(0, result.Policy.FilesystemLimit);
        Assert.Equal(DelegationWarningCodes.FilesystemLimitZero, Assert.Single(result.Warnings).Code);
    }

    /// <summary>Issue 8 item 12: a system-wide file with "locked": true outranks the env var and the user file, and says why.</summary>
    [Fact]
    public void A_locking_system_file_outranks_the_environment_variable()
    {
        var store = new DelegationPolicyStore(Environment(windows: true, variables: new() { ["ZONEDELEGATION_POLICY"] = Path.Combine(root, "mine.json") }));
        Directory.CreateDirectory(Path.GetDirectoryName(store.SystemWidePath)!);
        File.WriteAllText(store.SystemWidePath, "{\"enabled\": false, \"locked\": true}");
        File.WriteAllText(Path.Combine(root, "mine.json"), "{\"enabled\": true}");

        var location = store.Resolve();
        Assert.Equal(new PolicyLocation(store.SystemWidePath, PolicySourceKind.SystemWide, Locked: true), location);
        var info = DelegationPolicyInfo.From(store.Load());
        Assert.False(info.Enabled);
        Assert.True(info.Locked);
        Assert.Contains("locked", info.Reason, StringComparison.Ordinal);
        Assert.Contains("ZONEDELEGATION_POLICY", info.Reason, StringComparison.Ordinal);

        // Without the lock, the variable wins again.
        File.WriteAllText(store.SystemWidePath, "{\"enabled\": false}");
        Assert.Equal(PolicySourceKind.EnvironmentVariable, store.Resolve().Kind);
    }

    /// <summary>Issue 8 item 12: saving keeps the file's mode, and concurrent saves are serialized (none is lost half-written).</summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Saving_keeps_the_mode_and_concurrent_saves_take_turns()
    {
        var path = Path.Combine(root, "shared", "policy.json");
        var store = new DelegationPolicyStore(Environment());
        var location = new PolicyLocation(path, PolicySourceKind.Explicit);
        store.Save(DelegationPolicy.Default, location);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, mode);

        Parallel.For(0, 16, i => store.Save(DelegationPolicy.Default with { SnapshotLimit = 100 + i }, location));

        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.InRange(store.Load(location).Policy.SnapshotLimit, 100, 115);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    /// <summary>Issue 8 item 12: saving keeps the file's owner (root editing a file another user owns, or a root:adm system file).</summary>
    [RootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Saving_keeps_the_owner_and_the_mode()
    {
        var path = Path.Combine(root, "owned", "policy.json");
        var store = new DelegationPolicyStore(Environment());
        var location = new PolicyLocation(path, PolicySourceKind.Explicit);
        store.Save(DelegationPolicy.Default, location);
        Run("chown", "4321:5432", path);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        store.Save(DelegationPolicy.Default with { SnapshotLimit = 64 }, location);

        Assert.Equal("4321:5432", Run("stat", "-c", "%u:%g", path).Trim());
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(64, store.Load(location).Policy.SnapshotLimit);
    }

    private static string Run(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
