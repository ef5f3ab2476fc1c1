using BenchmarkDotNet.Running;
using ZoneDelegation.Benchmarks;

// dotnet run -c Release -- stream 1000000 [list|get]   streaming run, memory against line count
// dotnet run -c Release -- --filter '*' --job short    BenchmarkDotNet
if (args.Length > 0 && args[0] == "stream")
{
    return StreamingRun.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);
return 0;
