using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using ZoneDelegation.IntegrationTests.Testbed;

namespace ZoneDelegation.HostedTests.Infrastructure;

/// <summary>
/// A real PowerShell runspace with the built module imported from artifacts/ZoneDelegation, as a
/// user's <c>Import-Module</c> would load it (manifest, format file, MAML help). Scripts run in it
/// keep their variables between calls, like lines typed at a prompt.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace runspace;

    /// <param name="importModule">False for a bare session (a test that installs and imports the module itself).</param>
    /// <param name="host">The host the runspace talks to (prompts, What if: text); default: none.</param>
    public PowerShellSession(bool importModule = true, PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        if (importModule)
        {
            Invoke("Import-Module -Name $args[0] -Force -ErrorAction Stop", ModuleManifest).ThrowIfFailed();
        }
    }

    /// <summary>The built module's manifest; <c>dotnet build</c> writes the folder.</summary>
    public static string ModuleManifest { get; } =
        Path.Combine(TestbedScript.RepositoryRoot, "artifacts", "ZoneDelegation", "ZoneDelegation.psd1");

    public Runspace Runspace => runspace;

    /// <summary>Runs a script (its arguments are <c>$args</c>) and collects every stream; a terminating error is captured, not thrown.</summary>
    public InvocationResult Invoke(string script, params object?[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }

        Collection<PSObject> output = [];
        ErrorRecord? terminating = null;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException error)
        {
            terminating = error.ErrorRecord;
        }

        return new InvocationResult(
            output.ToList(),
            shell.Streams.Error.ToList(),
            terminating,
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Progress.ToList(),
            shell.Streams.Information.ToList())
        {
            Debug = shell.Streams.Debug.Select(d => d.Message).ToList(),
        };
    }

    /// <summary>Sets a variable in the session (for objects a script should receive as they are).</summary>
    public void SetVariable(string name, object? value) => runspace.SessionStateProxy.SetVariable(name, value);

    public void Dispose() => runspace.Dispose();
}

/// <summary>Everything one script invocation produced.</summary>
public sealed record InvocationResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    ErrorRecord? TerminatingError,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<InformationRecord> Information)
{
    /// <summary>The debug stream's messages (-Debug).</summary>
    public IReadOnlyList<string> Debug { get; init; } = [];

    /// <summary>Every error, non-terminating first, then the terminating one.</summary>
    public IEnumerable<ErrorRecord> AllErrors => TerminatingError is null ? Errors : Errors.Append(TerminatingError);

    /// <summary>Fails the test with the errors' text when the script wrote or threw any.</summary>
    public InvocationResult ThrowIfFailed()
    {
        var errors = AllErrors.ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The script failed:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        }

        return this;
    }

    /// <summary>The one error the script raised (terminating or not), failing when there is not exactly one.</summary>
    public ErrorRecord SingleError()
    {
        var errors = AllErrors.ToList();
        return errors.Count == 1
            ? errors[0]
            : throw new InvalidOperationException($"Expected one error, got {errors.Count}:\n" + string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
    }

    /// <summary>The base objects of the output (PSObject unwrapped).</summary>
    public IReadOnlyList<object> BaseObjects => Output.Select(o => o.BaseObject).ToList();
}

/// <summary>Reading properties of output objects, which PowerShell may hand back wrapped in PSObject.</summary>
public static class PSObjectExtensions
{
    public static T Get<T>(this PSObject item, string property)
    {
        var value = item.Properties[property]?.Value
            ?? throw new InvalidOperationException($"The object has no value for '{property}': {item}");
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return value is T typed ? typed : (T)LanguagePrimitives.ConvertTo(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
