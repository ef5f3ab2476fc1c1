using System.Globalization;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.IntegrationTests;

/// <summary>
/// The test assembly run as a process of its own (<c>dotnet ZoneDelegation.IntegrationTests.dll hold-connection ...</c>):
/// it opens an ssh connection the way the module does, prints its master, watchdog and socket, and
/// waits to be killed. The crash tests SIGKILL it (issue 8 item 7). xunit never calls this.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 6 || args[0] != "hold-connection")
        {
            Console.Error.WriteLine("usage: hold-connection <host> <port> <user> <identity_file> <known_hosts>");
            return 2;
        }

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
        Console.WriteLine($"master={transport.MasterProcessId}");
        Console.WriteLine($"watchdog={transport.WatchdogProcessId}");
        Console.WriteLine($"socket={transport.ControlSocket}");
        Console.WriteLine("ready");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
