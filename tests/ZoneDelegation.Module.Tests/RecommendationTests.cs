using System.Text.RegularExpressions;

namespace ZoneDelegation.Module.Tests;

/// <summary>
/// Issue 17 item 10: what the module tells an operator to do next (an error's recommended action, a warning) names
/// this module's own cmdlets where one shows the thing, not the native command (<c>vmadm list</c>, <c>zfs list -t snapshot</c>).
/// Every string literal of the module and Core is read (concatenated parts joined); advice is a verb such as "with",
/// "see", "or", "and", "check" or "run" directly before a native read whose cmdlet exists.
/// </summary>
public sealed partial class RecommendationTests
{
    /// <summary>The native reads the module has a cmdlet for, and that cmdlet.</summary>
    private static readonly (Regex Native, string Cmdlet)[] Replaced =
    [
        (new Regex(@"vmadm (list|get|lookup)\b"), "Get-SafeZone"),
        (new Regex(@"zfs list -t snapshot\b"), "Get-ZoneSnapshot"),
        (new Regex(@"zfs list -t all\b"), "Get-ZoneBootEnvironment"),
        (new Regex(@"zfs get [a-z_,]*(snapshot_limit|filesystem_limit|quota)"), "Get-DatasetLimit"),
    ];

    /// <summary>Advice that must stay native, each with why: no cmdlet of the module shows it.</summary>
    private static readonly (string File, string Text, string Why)[] Kept =
    [
        ("VmObjectFields.cs", "Check the zone with vmadm get", "a VM object the module cannot read: only its raw JSON shows the value"),
        ("SafeZoneCreationPlanner.cs", "check it with 'zfs get zoned", "zoned is set at the first boot; no listing cmdlet shows it"),
        ("GlobalBootEnvironmentReader.cs", "Check with: zfs get", "a property of a global BE, which no cmdlet lists"),
    ];

    [Fact]
    public void Advice_names_the_modules_cmdlets_not_native_reads_they_replace()
    {
        var found = new List<string>();
        foreach (var file in SourceFiles())
        {
            foreach (var text in Literals(File.ReadAllText(file)))
            {
                foreach (Match advice in Advice().Matches(text))
                {
                    var rest = text[(advice.Index + advice.Length)..];
                    foreach (var (native, cmdlet) in Replaced)
                    {
                        if (native.Match(rest) is { Success: true, Index: 0 } hit
                            && !Kept.Any(k => Path.GetFileName(file) == k.File && text.Contains(k.Text, StringComparison.Ordinal)))
                        {
                            found.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: '{advice.Value}{hit.Value}' where {cmdlet} shows it: {text}");
                        }
                    }
                }
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void The_scan_finds_native_advice()
    {
        var text = Literals("""x = "List the zones with Get-SafeZone (or " + $"vmadm list -o uuid) and {y} look at it with zfs list -t snapshot on cn1.";""").Single();

        Assert.Equal(2, Advice().Matches(text).Count(m => Replaced.Any(r => r.Native.Match(text[(m.Index + m.Length)..]) is { Success: true, Index: 0 })));
    }

    private static IEnumerable<string> SourceFiles() =>
        new[] { "ZoneDelegation", "ZoneDelegation.Core" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The string literals of a C# file, the parts of one "a" + $"b" + "c" expression joined; comments left out.</summary>
    private static IEnumerable<string> Literals(string source)
    {
        var withoutComments = Regex.Replace(source, @"^\s*///?.*$", string.Empty, RegexOptions.Multiline);
        var joined = Regex.Replace(withoutComments, "\"\\s*\\+\\s*\\(?[^\"\\n]*?\\?\\s*\\$?\"|\"\\s*\\+\\s*\\$?\"", string.Empty);
        return Regex.Matches(joined, "\\$?\"((?:[^\"\\\\\\n]|\\\\.)*)\"").Select(m => m.Groups[1].Value);
    }

    [GeneratedRegex(@"(?i)\b(with|see|or|and|check|run|use|inspect)\b[\s:('""]*")]
    private static partial Regex Advice();
}
