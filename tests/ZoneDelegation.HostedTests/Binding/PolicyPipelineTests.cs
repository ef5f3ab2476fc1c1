namespace ZoneDelegation.HostedTests.Binding;

/// <summary>
/// Issue 17 item 12: Get-DelegationPolicy | Set-DelegationPolicy, directly and through Export-Csv/Import-Csv, in a
/// real runspace. The settings bind by property name; Path never does (the policy goes to the resolved file).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class PolicyPipelineTests(HostedSandbox sandbox)
{
    private const string OwnerA = "930896af-bf8c-48d4-885c-6573a94b1853";
    private const string OwnerB = "6d6a3e7c-53a8-4ac0-b8d1-1e1b5c2d9f10";

    [Fact]
    public void A_policy_read_from_one_file_pipes_into_the_resolved_one_directly_and_through_a_CSV()
    {
        var staging = Path.Combine(sandbox.WorkDirectory, "staging-policy.json");
        var csv = Path.Combine(sandbox.WorkDirectory, "policy.csv");
        try
        {
            var result = sandbox.Session.Invoke(
                """
                $staging, $csv, $a, $b = $args
                Set-DelegationPolicy -Path $staging -Enabled $false -AllowedOwner $a, $b -SnapshotLimit 50 -FilesystemLimit 7 -MinimumPlatform 20200601T000000Z -Confirm:$false
                $direct = Get-DelegationPolicy -Path $staging | Set-DelegationPolicy -Confirm:$false -PassThru
                Remove-Item (Get-DelegationPolicy).Path
                Get-DelegationPolicy -Path $staging | Export-Csv $csv
                $viaCsv = Import-Csv $csv | Set-DelegationPolicy -SnapshotLimit 64 -Confirm:$false -PassThru
                $direct, $viaCsv, (Get-DelegationPolicy -Path $staging)
                """, staging, csv, OwnerA, OwnerB).ThrowIfFailed();

            var (direct, viaCsv, stagingAfter) = (result.Output[0], result.Output[1], result.Output[2]);
            foreach (var applied in new[] { direct, viaCsv })
            {
                Assert.Equal(sandbox.PolicyFile, applied.Get<string>("Path"));
                Assert.False(applied.Get<bool>("Enabled"));
                Assert.Equal([Guid.Parse(OwnerA), Guid.Parse(OwnerB)], applied.Get<Guid[]>("AllowedOwners"));
                Assert.Equal(7L, applied.Get<long>("FilesystemLimit"));
                Assert.Equal("20200601T000000Z", applied.Get<string>("MinimumPlatform"));
            }

            Assert.Equal(50L, direct.Get<long>("SnapshotLimit"));
            // A parameter given on the command line wins over the piped value.
            Assert.Equal(64L, viaCsv.Get<long>("SnapshotLimit"));
            // The file the policy was read from is not written.
            Assert.Equal(50L, stagingAfter.Get<long>("SnapshotLimit"));
            Assert.Contains($"{OwnerA}, {OwnerB}", File.ReadAllText(csv), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(sandbox.PolicyFile);
        }
    }
}
