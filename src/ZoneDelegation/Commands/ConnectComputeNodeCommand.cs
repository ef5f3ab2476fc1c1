using System.Collections;
using System.Management.Automation;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;
using ZoneDelegation.Infrastructure;

namespace ZoneDelegation.Commands;

/// <summary>
/// Opens connections to compute nodes: over the system OpenSSH client (one multiplexed master per
/// CN), or to this host. Hosts piped in (Import-Csv) are collected and connected in parallel.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ComputeNode", DefaultParameterSetName = SshSet)]
[OutputType(typeof(ComputeNodeConnection))]
public sealed class ConnectComputeNodeCommand : ZoneDelegationCmdlet
{
    private const string SshSet = "Ssh";
    private const string LocalSet = "Local";
    private const int DefaultConnectTimeoutSec = 10;
    private const int DefaultCommandTimeoutSec = 300;

    private readonly List<SshConnectionOptions> pending = [];

    // The columns of the input that are never bound (IdentityFile, KnownHostsFile, ...): one warning names them all.
    private readonly SortedSet<string> ignoredColumns = new(StringComparer.OrdinalIgnoreCase);

    // With -ErrorAction Stop: the failure that stopped the command, and those after it (the batch still finishes).
    private Exception? stoppedBy;
    private readonly List<Exception> failedAfterStop = [];
    private int connected;
    private bool errorsStop;
    private bool halted;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SshSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ComputerName", "Address")]
    [ValidateNotNullOrEmpty]
    public string[] HostName { get; set; } = [];

    [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(1, 65535)]
    [BlankMeansNotGiven]
    public int? Port { get; set; }

    [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [BlankMeansNotGiven]
    public string? User { get; set; }

    // Never from pipeline input: an inventory CSV must not be able to choose the key or the known_hosts file.
    [Parameter(ParameterSetName = SshSet)]
    [BlankMeansNotGiven]
    public string? IdentityFile { get; set; }

    // Never from pipeline input: an inventory CSV must not be able to choose the key or the known_hosts file.
    [Parameter(ParameterSetName = SshSet)]
    [BlankMeansNotGiven]
    public string? KnownHostsFile { get; set; }

    // Never from pipeline input: an inventory CSV must not be able to relax host key checking.
    [Parameter(ParameterSetName = SshSet)]
    [BlankMeansNotGiven]
    public HostKeyPolicy? HostKeyPolicy { get; set; }

    [Parameter(ParameterSetName = SshSet)]
    [BlankMeansNotGiven]
    public string? SshConfigFile { get; set; }

    /// <summary>Persistent (default): commands run on long-lived remote shells; Exec: one ssh session per command.</summary>
    [Parameter(ParameterSetName = SshSet)]
    [BlankMeansNotGiven]
    public CommandChannel? Channel { get; set; }

    [Parameter(ParameterSetName = SshSet)]
    [ValidateRangeIfGiven(1, 3600)]
    [BlankMeansNotGiven]
    public int? ConnectTimeoutSec { get; set; }

    /// <summary>Seconds a persistent command channel may stay idle before it is closed (the ControlMaster stays).</summary>
    [Parameter(ParameterSetName = SshSet)]
    [ValidateRangeIfGiven(1, 86400)]
    [BlankMeansNotGiven]
    public int? ChannelIdleTimeoutSec { get; set; }

    [Parameter(ParameterSetName = SshSet)]
    [ValidateRangeIfGiven(1, 1000)]
    [BlankMeansNotGiven]
    public int? ThrottleLimit { get; set; }

    /// <summary>The name later cmdlets know this CN by; defaults to the host name (or "localhost").</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BlankMeansNotGiven]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRangeIfGiven(1, 86400)]
    [BlankMeansNotGiven]
    public int? CommandTimeoutSec { get; set; }

    /// <summary>Makes this connection the default: what commands without -ComputeNode use while several are open.</summary>
    [Parameter]
    public SwitchParameter Default { get; set; }

    /// <summary>
    /// The pipeline record itself, never used to connect: read only to warn once about its columns that are never taken
    /// from input (IdentityFile, KnownHostsFile, HostKeyPolicy, SshConfigFile).
    /// </summary>
    [Parameter(ParameterSetName = SshSet, ValueFromPipeline = true, DontShow = true)]
    [BlankMeansNotGiven]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LocalSet)]
    public SwitchParameter Local { get; set; }

    /// <summary>Extra environment variables for local commands (a sandbox CN puts its stand-ins on PATH this way).</summary>
    [Parameter(ParameterSetName = LocalSet)]
    [BlankMeansNotGiven]
    public IDictionary? Environment { get; set; }

    protected override void OnProcessRecord()
    {
        if (ParameterSetName == LocalSet)
        {
            return;
        }

        if (Name is not null && HostName.Length > 1)
        {
            ThrowZoneError(new ZoneDelegationException(ErrorIds.InvalidConnectionParameter, ZoneErrorCategory.InvalidArgument,
                "-Name names one compute node, but several host names were given.", Name,
                "Give -Name with a single -HostName, or put a Name column next to HostName in the CSV."));
        }

        if (InputObject is { BaseObject: not string })
        {
            ignoredColumns.UnionWith(IgnoredInputColumns.In(InputObject.Properties.Select(p => KeyValuePair.Create(p.Name, SafeValue(p)))));
        }

        foreach (var host in HostName)
        {
            pending.Add(new SshConnectionOptions
            {
                HostName = host,
                Name = Name,
                Port = Port,
                User = User,
                IdentityFile = IdentityFile is null ? null : GetUnresolvedProviderPathFromPSPath(IdentityFile),
                KnownHostsFile = KnownHostsFile is null ? null : GetUnresolvedProviderPathFromPSPath(KnownHostsFile),
                ConfigFile = SshConfigFile is null ? null : GetUnresolvedProviderPathFromPSPath(SshConfigFile),
                HostKeyPolicy = HostKeyPolicy ?? Core.Transport.HostKeyPolicy.Strict,
                ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSec ?? DefaultConnectTimeoutSec),
                DefaultCommandTimeout = TimeSpan.FromSeconds(CommandTimeoutSec ?? DefaultCommandTimeoutSec),
                Channel = Channel ?? CommandChannel.Persistent,
                ChannelIdleTimeout = ChannelIdleTimeoutSec is { } idle ? TimeSpan.FromSeconds(idle) : SshConnectionOptions.DefaultChannelIdleTimeout,
            });
        }
    }

    protected override void OnEndProcessing()
    {
        if (ParameterSetName == LocalSet)
        {
            var environment = Environment?.Cast<DictionaryEntry>()
                .ToDictionary(entry => entry.Key.ToString()!, entry => entry.Value?.ToString() ?? string.Empty);
            var connection = ComputeNodeConnector.ConnectLocal(Name ?? "localhost", environment, TimeSpan.FromSeconds(CommandTimeoutSec ?? DefaultCommandTimeoutSec));
            Connections.Add(connection, Default);
            WriteObject(connection);
            return;
        }

        if (IgnoredInputColumns.Warning(ignoredColumns) is { } warning)
        {
            WriteWarning(warning);
        }

        errorsStop = ErrorActionIsStop();
        var inventory = ConnectionBatch.Distinct(pending);
        if (Default && inventory.Unique.Count > 1)
        {
            ThrowZoneError(new ZoneDelegationException(ErrorIds.InvalidConnectionParameter, ZoneErrorCategory.InvalidArgument,
                $"-Default makes one connection the default, but {inventory.Unique.Count} compute nodes were given.", null,
                "Connect the fleet without -Default, then connect the one CN that commands without -ComputeNode should use with -Default."));
        }

        foreach (var repeated in inventory.Repeated)
        {
            WriteWarning($"{ConnectionBatch.Text(repeated.Host)} ({repeated.Host.EffectiveName}) appears {repeated.Count} times in the input; it is connected once.");
        }

        foreach (var conflict in inventory.Conflicts)
        {
            WriteFailure(conflict);
        }

        WriteResults(
            ConnectionBatch.ConnectAll(inventory.Unique, ThrottleLimit ?? DefaultThrottleLimit, Connections, ComputeNodeConnector.Connect, StopToken,
                reportFinished: true, makeDefault: Default),
            FanOutProgress.For<SshConnectionOptions>(MyInvocation.MyCommand.Name, inventory.Unique.Count, options => options.HostName));
        if (halted)
        {
            throw new PipelineStoppedException();
        }

        if (stoppedBy is not null)
        {
            ThrowZoneError(ConnectFailures.Stopped(stoppedBy, failedAfterStop, connected));
        }
    }

    protected override void WriteOutput(object? output)
    {
        connected++;
        if (!halted)
        {
            base.WriteOutput(output);
        }
    }

    /// <summary>
    /// A host that failed: a non-terminating error, and the other hosts go on. Under -ErrorAction Stop the first error
    /// written would end the command at once and abandon the hosts still connecting; so then no error is written
    /// during the batch: it finishes (every host that connects stays connected and is written), and the command ends
    /// with one terminating error: the first failure's ErrorId, category and target, naming every host that failed.
    /// </summary>
    protected override void WriteFailure(Exception error)
    {
        if (stoppedBy is not null)
        {
            failedAfterStop.Add(error);
            return;
        }

        if (errorsStop)
        {
            stoppedBy = error;
            return;
        }

        try
        {
            WriteZoneError(error);
        }
        catch (PipelineStoppedException) when (!Stopping)
        {
            // -ErrorAction Inquire answered Halt: the pipeline is ended; the batch still finishes so that the
            // hosts connecting now are not abandoned half-open.
            halted = true;
            stoppedBy = error;
        }
    }

    /// <summary>The effective error action is Stop (-ErrorAction Stop, or $ErrorActionPreference = 'Stop' in the caller's scope).</summary>
    private bool ErrorActionIsStop()
    {
        var preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
        return LanguagePrimitives.TryConvertTo<ActionPreference>(preference, out var action) && action == ActionPreference.Stop;
    }

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }
}
