using BenchmarkDotNet.Running;
using ZoneDelegation.Benchmarks;

// dotnet run -c Release -- stream 1000000 [list|get]   streaming run, memory against line count
// dotnet run -c Release -- load local | load ssh <host> <port> <user> <key> <known_hosts>   timeouts under load
// dotnet run -c Release -- fleet 1000 [--option Name=Value] [--per-zone 50]   a sandbox CN with 1,000 zones, audited over ssh (root)
// dotnet run -c Release -- transport roundtrip|fanout ... transport figures on sandbox CNs (root, testbed)
// dotnet run -c Release -- footprint 100 [--idle-wait S] [--option Name=Value]   processes and RSS of connected CNs (root, testbed)
// dotnet run -c Release -- --filter '*' --job short    BenchmarkDotNet
if (args.Length > 0 && args[0] == "load")
{
    return TransportLoadRun.Run(args);
}

if (args.Length > 0 && args[0] == "stream")
{
    return StreamingRun.Run(args);
}

if (args.Length > 0 && args[0] == "fleet")
{
    return FleetRun.Run(args);
}

if (args.Length > 0 && args[0] == "footprint")
{
    return FootprintRun.Run(args);
}

if (args.Length > 0 && args[0] == "transport")
{
    return TransportRun.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);
return 0;
