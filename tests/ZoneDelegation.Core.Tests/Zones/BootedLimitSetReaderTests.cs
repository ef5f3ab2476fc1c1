using Xunit;
using ZoneDelegation.Core.Errors;
using ZoneDelegation.Core.Tests.Fakes;
using ZoneDelegation.Core.Zones;

namespace ZoneDelegation.Core.Tests.Zones;

public sealed class BootedLimitSetReaderTests
{
    private const string Zone1 = "00000000-0000-4000-8000-000000000001";
    private const string Zone2 = "00000000-0000-4000-8000-000000000002";

    private static IReadOnlyDictionary<string, IReadOnlySet<string>?> Read(string output) =>
        BootedLimitSetReader.Read(new ScriptedTransport().On(FakeFleet.BootedKey, output).Connect());

    [Fact]
    public void Each_zones_L_set_is_read_from_ppriv_v_of_its_zsched()
    {
        var sets = Read(
            $"zone {Zone1}\n900001:\tzsched\nflags = <none>\n\tE: file_read,sys_fs_import\n\tI: file_read\n\tP: file_read,sys_fs_import\n\tL: file_read,sys_fs_import,sys_mount\n" +
            $"zone {Zone2}\n900002:\tzsched\nflags = <none>\n\tE: file_read,sys_mount\n\tI: file_read\n\tP: file_read,sys_mount\n\tL: file_read,sys_mount\n");

        Assert.True(BootedLimitSetReader.GrantsReceive(sets[Zone1]!));
        Assert.False(BootedLimitSetReader.GrantsReceive(sets[Zone2]!));
        Assert.Equal(["file_read", "sys_mount"], sets[Zone2]!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_zsched_that_could_not_be_examined_is_known_and_unread()
    {
        var sets = Read($"zone {Zone1}\nunreadable\nzone {Zone2}\n");

        Assert.Equal([Zone1, Zone2], sets.Keys.Order(StringComparer.Ordinal));
        Assert.All(sets.Values, Assert.Null);
    }

    [Fact]
    public void The_E_I_and_P_sets_never_count_only_L_does()
    {
        var sets = Read($"zone {Zone1}\n900001:\tzsched\nflags = <none>\n\tE: sys_fs_import\n\tI: sys_fs_import\n\tP: sys_fs_import\n\tL: file_read\n");

        Assert.False(BootedLimitSetReader.GrantsReceive(sets[Zone1]!));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("zone")]
    [InlineData("file_read,SYS_FS_IMPORT")]
    public void A_set_printed_as_all_or_zone_or_in_other_case_holds_sys_fs_import(string limit)
    {
        var sets = Read($"zone {Zone1}\n1:\tzsched\nflags = <none>\n\tL: {limit}\n");

        Assert.True(BootedLimitSetReader.GrantsReceive(sets[Zone1]!));
    }

    /// <summary>
    /// ppriv names the process it read on its first line. A process that is not a zsched (a pid a zone's own process
    /// took over, whose psargs the tenant wrote) has nothing of it read, not even an L line its psargs could carry.
    /// </summary>
    [Theory]
    [InlineData("900001:\tinit")]
    [InlineData("900001:\tzsched x")]
    [InlineData("x900001:\tzsched")]
    public void Output_of_a_process_that_is_not_a_zsched_is_not_read(string header)
    {
        var sets = Read($"zone {Zone1}\n{header}\n\tL: file_read\nflags = <none>\n\tL: file_read\n");

        Assert.Null(Assert.Single(sets).Value);
    }

    [Fact]
    public void Output_without_a_zone_line_first_is_a_ParseError()
    {
        var error = Assert.Throws<ZoneDelegation.Core.Zfs.Parsing.ParseException>(() => Read("\tL: file_read\n"));

        Assert.Equal(ErrorIds.ParseError, error.ErrorId);
    }

    [Fact]
    public void The_read_is_one_command_that_reads_only_SYS_class_zsched_processes_from_the_global_zone()
    {
        var command = BootedLimitSetReader.Command;

        Assert.Equal("/bin/sh", command.Program);
        Assert.False(command.ChangesState);
        // No column a zone chooses (a command name could carry a newline and forge a row): pid, class and zone only,
        // outside the global zone, and the class checked again once ppriv has read the pid (a reused pid is not read).
        Assert.Contains("ps -e -o pid= -o class= -o zone=", command.Arguments[1], StringComparison.Ordinal);
        Assert.DoesNotContain("fname", command.Arguments[1], StringComparison.Ordinal);
        Assert.DoesNotContain("args", command.Arguments[1], StringComparison.Ordinal);
        Assert.Contains("[ \"$class\" = SYS ] && [ -n \"$zone\" ] && [ \"$zone\" != global ]", command.Arguments[1], StringComparison.Ordinal);
        Assert.Contains("set=$(ppriv -v \"$pid\") && [ \"$(ps -o class= -p \"$pid\" | tr -d ' ')\" = SYS ]", command.Arguments[1], StringComparison.Ordinal);
        Assert.DoesNotContain("zlogin", command.Arguments[1], StringComparison.Ordinal);
    }
}
