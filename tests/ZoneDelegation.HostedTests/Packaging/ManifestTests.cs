namespace ZoneDelegation.HostedTests.Packaging;

/// <summary>
/// The built manifest passes Test-ModuleManifest. (Publishing and installing with PSResourceGet runs in
/// the pinned pwsh, which ships PSResourceGet: tests/pester/Packaging.Tests.ps1.)
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class ManifestTests(HostedSandbox sandbox)
{
    [Fact]
    public void The_manifest_passes_Test_ModuleManifest()
    {
        var manifest = sandbox.Session.Invoke("Test-ModuleManifest -Path $args[0] -ErrorAction Stop", PowerShellSession.ModuleManifest)
            .ThrowIfFailed().Output.Single();

        Assert.Equal("ZoneDelegation", manifest.Get<string>("Name"));
        Assert.NotEqual("0.0.0", manifest.Get<Version>("Version").ToString());
        Assert.Contains("MIT", manifest.Get<string>("Copyright"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!, "LICENSE")));
    }
}
