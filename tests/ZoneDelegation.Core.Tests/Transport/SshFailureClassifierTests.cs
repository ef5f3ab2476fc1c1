using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Transport;

namespace ZoneDelegation.Core.Tests.Transport;

/// <summary>The stderr texts below were captured from OpenSSH 9.2 against the testbed's sshd.</summary>
public class SshFailureClassifierTests
{
    private const string Changed = """
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
        Someone could be eavesdropping on you right now (man-in-the-middle attack)!
        It is also possible that a host key has just been changed.
        The fingerprint for the ED25519 key sent by the remote host is
        SHA256:4lRa5Uj8BAYN3fXGW3sZyc4mh9RYmgfLXYfrBCExh+g.
        Please contact your system administrator.
        Add correct host key in /tmp/zdt-kh-wrong to get rid of this message.
        Offending ED25519 key in /tmp/zdt-kh-wrong:1
          remove with:
          ssh-keygen -f "/tmp/zdt-kh-wrong" -R "[127.0.0.174]:39147"
        Host key for [127.0.0.174]:39147 has changed and you have requested strict checking.
        Host key verification failed.
        """;

    private const string Unknown = """
        No ED25519 host key is known for [127.0.0.174]:39147 and you have requested strict checking.
        Host key verification failed.
        """;

    [Theory]
    [InlineData(nameof(SshPhase.Connect))]
    [InlineData(nameof(SshPhase.Command))]
    public void ChangedHostKeyIsAMismatchWithTheOfferedFingerprint(string phase)
    {
        // By name: SshPhase is internal, and a public test method cannot take it.
        var failure = SshFailureClassifier.Classify(Changed, Enum.Parse<SshPhase>(phase), "cn1");
        Assert.Equal(ErrorIds.HostKeyMismatch, failure.ErrorId);
        Assert.Equal(ZoneErrorCategory.SecurityError, failure.Category);
        Assert.Equal("SHA256:4lRa5Uj8BAYN3fXGW3sZyc4mh9RYmgfLXYfrBCExh+g", failure.Fingerprint);
        Assert.Contains("SHA256:4lRa5Uj8BAYN3fXGW3sZyc4mh9RYmgfLXYfrBCExh+g", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Never accept", failure.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedKeyOnlyMentionedInTheLastLinesIsStillAMismatch()
    {
        var failure = SshFailureClassifier.Classify("Host key for cn1 has changed and you have requested strict checking.\nHost key verification failed.\n", SshPhase.Connect, "cn1");
        Assert.Equal(ErrorIds.HostKeyMismatch, failure.ErrorId);
        Assert.Null(failure.Fingerprint);
    }

    [Fact]
    public void UnknownHostKeyUnderStrictCheckingIsHostKeyUnknown()
    {
        var failure = SshFailureClassifier.Classify(Unknown, SshPhase.Connect, "cn1");
        Assert.Equal(ErrorIds.HostKeyUnknown, failure.ErrorId);
        Assert.Equal(ZoneErrorCategory.SecurityError, failure.Category);
        // Issue 8 item 2: the hint never says to accept the key blindly; it says to add the verified key line.
        Assert.DoesNotContain("-HostKeyPolicy AcceptNew", failure.Hint, StringComparison.Ordinal);
        Assert.Contains("verified key line to known_hosts", failure.Hint, StringComparison.Ordinal);
        Assert.Contains("out of band", failure.Hint, StringComparison.Ordinal);
        // Issue 17 item 9: a key already known in another file is given with -KnownHostsFile or an ssh config.
        Assert.Contains("-KnownHostsFile", failure.Hint, StringComparison.Ordinal);
        Assert.Contains("-SshConfigFile", failure.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void BareVerificationFailureWithoutAChangeIsUnknown()
    {
        Assert.Equal(ErrorIds.HostKeyUnknown, SshFailureClassifier.Classify("Host key verification failed.\n", SshPhase.Connect, "cn1").ErrorId);
    }

    [Theory]
    [InlineData("root@127.0.0.174: Permission denied (publickey).\n")]
    [InlineData("Received disconnect from 10.0.0.1 port 22:2: Too many authentication failures\nDisconnected from 10.0.0.1 port 22\n")]
    public void RefusedLoginIsAuthenticationFailed(string stderr)
    {
        var failure = SshFailureClassifier.Classify(stderr, SshPhase.Connect, "cn1");
        Assert.Equal(ErrorIds.AuthenticationFailed, failure.ErrorId);
        Assert.Equal(ZoneErrorCategory.AuthenticationError, failure.Category);
    }

    [Theory]
    [InlineData("ssh: connect to host 127.0.0.174 port 1: Connection refused\n")]
    [InlineData("ssh: Could not resolve hostname no-such-host.invalid: Name or service not known\n")]
    [InlineData("Connection timed out during banner exchange\nConnection to 10.255.255.1 port 22 timed out\n")]
    [InlineData("ssh: connect to host 10.1.2.3 port 22: No route to host\n")]
    [InlineData("ssh: connect to host 10.1.2.3 port 22: Network is unreachable\n")]
    public void UnreachableHostIsComputeNodeUnreachable(string stderr)
    {
        var failure = SshFailureClassifier.Classify(stderr, SshPhase.Connect, "cn1");
        Assert.Equal(ErrorIds.ComputeNodeUnreachable, failure.ErrorId);
        Assert.Equal(ZoneErrorCategory.ConnectionError, failure.Category);
        Assert.Contains(stderr.Trim().Split('\n')[^1], failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Connection to 127.0.0.5 closed by remote host.\n")]
    [InlineData("client_loop: send disconnect: Broken pipe\n")]
    [InlineData("mux_client_request_session: read from master failed: Broken pipe\n")]
    [InlineData("")]
    public void DroppedConnectionDuringACommandIsConnectionLost(string stderr)
    {
        var failure = SshFailureClassifier.Classify(stderr, SshPhase.Command, "cn1");
        Assert.Equal(ErrorIds.ConnectionLost, failure.ErrorId);
        Assert.Equal(ZoneErrorCategory.ConnectionError, failure.Category);
    }

    [Fact]
    public void ClosedBeforeItWasUpIsUnreachable()
    {
        var failure = SshFailureClassifier.Classify("kex_exchange_identification: Connection closed by remote host\nConnection closed by 127.0.0.5 port 22\n", SshPhase.Connect, "cn1");
        Assert.Equal(ErrorIds.ComputeNodeUnreachable, failure.ErrorId);
    }

    [Fact]
    public void OnceTheCommandRanItsOwnWordsDoNotCount()
    {
        // "Permission denied" from the remote command's stderr must not pass for an ssh login failure.
        var failure = SshFailureClassifier.LostDuringCommand("rm: cannot remove 'x': Permission denied\n", "cn1");
        Assert.Equal(ErrorIds.ConnectionLost, failure.ErrorId);
    }
}
