using Xunit;

namespace ZoneDelegation.Core.Tests.Policy;

/// <summary>A test that needs root (giving files to another user); skipped without root, except under CI=true, where it must run.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsWindows() && Environment.UserName != "root" && !ci)
        {
            Skip = "needs root (chown to another user)";
        }
    }
}
