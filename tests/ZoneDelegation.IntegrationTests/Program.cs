using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Policy;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests;

/// <summary>
/// The test assembly run as a process of its own; xunit never calls this.
/// <c>hold-connection ...</c>: opens an ssh connection the way the module does, prints its master, watchdog
/// and socket, and waits to be killed. The crash tests SIGKILL it (issue 8 item 7).
/// <c>save-policy &lt;path&gt;</c>: saves a policy there as Set-DelegationPolicy does and prints the ErrorId
/// (exit 3) if it is refused; run as another user by the policy-owner test (issue 8 item 12).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["save-policy", var path])
        {
            return SavePolicy(path);
        }

        if (args.Length is not (6 or 7) || args[0] != "hold-connection")
        {
            Console.Error.WriteLine("usage: hold-connection <host> <port> <user> <identity_file> <known_hosts> [connections] | save-policy <path>");
            return 2;
        }

        // Several connections (each its own ControlMaster) share the process's one watchdog: printed per connection
        // (master, watchdog and socket, the first without a suffix) so a test can compare them.
        var count = args.Length == 7 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1;
        for (var i = 0; i < count; i++)
        {
            var connection = ComputeNodeConnector.Connect(new SshConnectionOptions
            {
                HostName = args[1],
                Port = int.Parse(args[2], CultureInfo.InvariantCulture),
                User = args[3],
                IdentityFile = args[4],
                KnownHostsFile = args[5],
                ConfigFile = "/dev/null",
            });
            // The master and its watchdog belong to the exec transport, also under the persistent channel.
            var transport = connection.Transport is Core.Transport.Channel.PersistentChannelTransport channel
                ? channel.Exec
                : (OpenSshTransport)connection.Transport;
            var suffix = i == 0 ? string.Empty : i.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"master{suffix}={transport.MasterProcessId}");
            Console.WriteLine($"watchdog{suffix}={transport.WatchdogProcessId}");
            Console.WriteLine($"socket{suffix}={transport.ControlSocket}");
        }

        Console.WriteLine("ready");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static int SavePolicy(string path)
    {
        try
        {
            new DelegationPolicyStore().Save(DelegationPolicy.Default with { SnapshotLimit = 7 }, new PolicyLocation(path, PolicySourceKind.Explicit));
            Console.WriteLine("saved");
            return 0;
        }
        catch (ZoneDelegationException error)
        {
            Console.WriteLine(error.ErrorId);
            Console.Error.WriteLine(error.Message);
            return 3;
        }
    }
}
