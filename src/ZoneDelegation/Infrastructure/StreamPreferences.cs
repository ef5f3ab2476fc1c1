using System.Management.Automation;

namespace ZoneDelegation.Infrastructure;

/// <summary>
/// What PowerShell will do with a cmdlet's warning, verbose and debug records, worked out from the call's common
/// parameters and the preference variables, by the rules PowerShell applies to a compiled cmdlet (pwsh 7.6,
/// checked by the hosted tests): a bound -WarningAction wins; <c>-Debug</c> makes DebugPreference Continue but
/// WarningPreference and VerbosePreference Inquire (a question after every warning and verbose line) unless
/// -WarningAction or -Verbose is given; -Verbose makes both Continue; otherwise the preference variables apply.
/// </summary>
internal static class StreamPreferences
{
    public static ActionPreference Warning(PSCmdlet cmdlet) =>
        Bound(cmdlet, "WarningAction") is ActionPreference given ? given
        : Switch(cmdlet, "Debug") == true ? ActionPreference.Inquire
        : Switch(cmdlet, "Verbose") == true ? ActionPreference.Continue
        : Variable(cmdlet, "WarningPreference", ActionPreference.Continue);

    public static ActionPreference Verbose(PSCmdlet cmdlet) =>
        Switch(cmdlet, "Verbose") is bool verbose ? (verbose ? ActionPreference.Continue : ActionPreference.SilentlyContinue)
        : Switch(cmdlet, "Debug") == true ? ActionPreference.Inquire
        : Variable(cmdlet, "VerbosePreference", ActionPreference.SilentlyContinue);

    public static ActionPreference Debug(PSCmdlet cmdlet) =>
        Switch(cmdlet, "Debug") is bool debug ? (debug ? ActionPreference.Continue : ActionPreference.SilentlyContinue)
        : Variable(cmdlet, "DebugPreference", ActionPreference.SilentlyContinue);

    /// <summary>
    /// True when the warning stream asks only because of -Debug (PowerShell's side effect on a compiled cmdlet), not
    /// because the operator asked for it (-WarningAction Inquire, $WarningPreference = 'Inquire').
    /// </summary>
    public static bool DebugAsksOnWarning(PSCmdlet cmdlet) => Bound(cmdlet, "WarningAction") is null && Switch(cmdlet, "Debug") == true;

    /// <summary>True when only -Debug (not -Verbose) makes the verbose stream ask: the question -Debug adds to every verbose line.</summary>
    public static bool DebugAsksOnVerbose(PSCmdlet cmdlet) => Switch(cmdlet, "Verbose") is null && Switch(cmdlet, "Debug") == true;

    private static object? Bound(PSCmdlet cmdlet, string name)
    {
        if (!cmdlet.MyInvocation.BoundParameters.TryGetValue(name, out var value))
        {
            return null;
        }

        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return value is string text && Enum.TryParse<ActionPreference>(text, ignoreCase: true, out var parsed) ? parsed : value;
    }

    private static bool? Switch(PSCmdlet cmdlet, string name) => Bound(cmdlet, name) switch
    {
        SwitchParameter switchParameter => switchParameter.IsPresent,
        bool flag => flag,
        null => null,
        _ => true,
    };

    private static ActionPreference Variable(PSCmdlet cmdlet, string name, ActionPreference fallback)
    {
        var value = cmdlet.SessionState.PSVariable.GetValue(name);
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return value switch
        {
            ActionPreference preference => preference,
            not null when Enum.TryParse<ActionPreference>(value.ToString(), ignoreCase: true, out var parsed) => parsed,
            _ => fallback,
        };
    }
}
