using System.Runtime.Versioning;
using Xunit;
using ZoneDelegation.Core.Connections;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>These tests change the process's current directory: nothing else may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectoryCollection
{
    public const string Name = "Current directory";
}

/// <summary>Issue 8 item 1: programs are never found through the current directory.</summary>
[Collection(CurrentDirectoryCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class ProgramResolverTests : IDisposable
{
    private readonly DirectoryInfo hostile = Directory.CreateTempSubdirectory("zd-cwd-");
    private readonly string previous = Environment.CurrentDirectory;
    private readonly string proof;

    public ProgramResolverTests()
    {
        proof = Path.Combine(hostile.FullName, "ran");
        // An executable another user could have planted in a folder the operator happens to be in.
        foreach (var name in new[] { "ssh", "zd-planted-program" })
        {
            var path = Path.Combine(hostile.FullName, name);
            File.WriteAllText(path, $"#!/bin/sh\necho \"$0\" >> '{proof}'\nexit 0\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Environment.CurrentDirectory = hostile.FullName;
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = previous;
        hostile.Delete(recursive: true);
    }

    [Fact]
    public void LocalCommandIsNotTakenFromTheCurrentDirectory()
    {
        using var transport = new LocalTransport();
        var error = Assert.Throws<NativeCommandException>(() => transport.Start(new NativeCommand("zd-planted-program")));
        Assert.Equal(ErrorIds.NativeCommandFailed, error.ErrorId);
        Assert.False(File.Exists(proof), "the planted program ran");
    }

    [Fact]
    public void SshIsResolvedOnPathNotInTheCurrentDirectory()
    {
        using var transport = new OpenSshTransport(new SshConnectionOptions { HostName = "127.0.0.1", Port = 1, ConfigFile = "/dev/null" });
        Assert.True(Path.IsPathRooted(transport.SshExecutablePath));
        Assert.NotEqual(hostile.FullName, Path.GetDirectoryName(transport.SshExecutablePath));

        // Connecting runs ssh (to a closed port): never the planted one.
        Assert.ThrowsAny<ZoneDelegationException>(() => transport.Open());
        Assert.False(File.Exists(proof), "the planted ssh ran");
    }

    [Theory]
    [InlineData("./ssh")]
    [InlineData("bin/ssh")]
    [InlineData("../ssh")]
    public void RelativeSshExecutableIsRefused(string relative)
    {
        var error = Assert.Throws<ZoneDelegationException>(() =>
            ConnectionOptionsValidator.Validate(new SshConnectionOptions { HostName = "cn1", SshExecutable = relative }));
        Assert.Equal(ErrorIds.InvalidConnectionParameter, error.ErrorId);
        Assert.False(File.Exists(proof));
    }

    [Fact]
    public void OnlyAbsolutePathEntriesAreSearched()
    {
        Assert.Null(ProgramResolver.Resolve("zd-planted-program", ".:bin::" + hostile.Name));
        Assert.Equal(Path.Combine(hostile.FullName, "zd-planted-program"), ProgramResolver.Resolve("zd-planted-program", "/nonexistent:" + hostile.FullName));
        Assert.Null(ProgramResolver.Resolve("./zd-planted-program", hostile.FullName));
        Assert.Equal("/bin/sh", ProgramResolver.Resolve("/bin/sh"));
    }
}
