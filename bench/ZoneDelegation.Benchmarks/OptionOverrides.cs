using System.Globalization;
using System.Reflection;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Benchmarks;

/// <summary>
/// <c>--option Name=Value</c> of the console runs: sets SshConnectionOptions properties by name, so a run can select
/// an option the harness does not know of (and the same harness runs on code that lacks it).
/// </summary>
internal static class OptionOverrides
{
    public static SshConnectionOptions Apply(SshConnectionOptions options, List<(string Name, string Value)> overrides)
    {
        foreach (var (name, value) in overrides)
        {
            var property = typeof(SshConnectionOptions).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"SshConnectionOptions has no property {name}.");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object converted = type.IsEnum ? Enum.Parse(type, value, ignoreCase: true)
                : type == typeof(TimeSpan) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
                : Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            options = options with { };
            property.SetValue(options, converted);
        }

        return options;
    }
}
