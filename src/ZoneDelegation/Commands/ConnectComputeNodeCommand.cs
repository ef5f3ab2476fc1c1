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
            Connections.Add(connection);
            WriteObject(connection);
            return;
        }

        WriteResults(
            ConnectionBatch.ConnectAll(pending, ThrottleLimit ?? DefaultThrottleLimit, Connections, ComputeNodeConnector.Connect, StopToken, reportFinished: true),
            FanOutProgress.For<SshConnectionOptions>(MyInvocation.MyCommand.Name, pending.Count, options => options.HostName));
    }
}
