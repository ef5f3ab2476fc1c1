using System.Management.Automation;

namespace ZoneDelegation.HostedTests.Binding;

/// <summary>
/// Every optional parameter of every cmdlet treats an empty or blank value (a CSV cell, a splatted '')
/// as "not given". Read from the cmdlets as PowerShell itself sees them (Get-Command in the runspace,
/// real attribute instances), and the transformation run as the binder runs it.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class BlankValueTests(HostedSandbox sandbox)
{
    public static TheoryData<string, string> OptionalParameters()
    {
        var data = new TheoryData<string, string>();
        using var session = new PowerShellSession();
        var rows = session.Invoke(
            """
            foreach ($command in Get-Command -Module ZoneDelegation) {
                foreach ($parameter in $command.Parameters.Values) {
                    if ([System.Management.Automation.Cmdlet]::CommonParameters -contains $parameter.Name -or
                        [System.Management.Automation.Cmdlet]::OptionalCommonParameters -contains $parameter.Name) { continue }
                    if ($parameter.SwitchParameter) { continue }
                    $mandatory = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory })
                    if ($mandatory.Count -gt 0) { continue }
                    "$($command.Name) $($parameter.Name)"
                }
            }
            """).ThrowIfFailed().Output;
        foreach (var row in rows)
        {
            var parts = row.ToString().Split(' ');
            data.Add(parts[0], parts[1]);
        }

        return data;
    }

    [Fact]
    public void The_module_has_optional_parameters_to_check() => Assert.True(OptionalParameters().Count >= 30);

    [Theory]
    [MemberData(nameof(OptionalParameters))]
    public void A_blank_value_binds_as_not_given(string command, string parameter)
    {
        var result = sandbox.Session.Invoke(
            """
            $command, $parameter = $args
            $metadata = (Get-Command $command).Parameters[$parameter]
            $transforms = @($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] })
            [pscustomobject]@{
                Transforms = $transforms.Count
                Empty      = $null -eq ($transforms | ForEach-Object { $_.Transform($ExecutionContext, '') })
                Blank      = $null -eq ($transforms | ForEach-Object { $_.Transform($ExecutionContext, " `t ") })
                Wrapped    = $null -eq ($transforms | ForEach-Object { $_.Transform($ExecutionContext, [psobject]'') })
                Type       = $metadata.ParameterType
            }
            """, command, parameter).ThrowIfFailed().Output.Single();

        Assert.True((int)result.Properties["Transforms"].Value >= 1, $"{command} -{parameter} has no blank-value transformation");
        Assert.True((bool)result.Properties["Empty"].Value, $"{command} -{parameter}: '' is not null after transformation");
        Assert.True((bool)result.Properties["Blank"].Value, $"{command} -{parameter}: blank text is not null after transformation");
        Assert.True((bool)result.Properties["Wrapped"].Value, $"{command} -{parameter}: a wrapped '' is not null after transformation");
        var type = (Type)result.Properties["Type"].Value;
        Assert.True(!type.IsValueType || Nullable.GetUnderlyingType(type) is not null,
            $"{command} -{parameter} is {type.Name}: not given must be representable (a nullable type), or null becomes 0");
    }

    [Fact]
    public void A_splatted_blank_value_is_not_given()
    {
        var result = sandbox.Session.Invoke(
            """
            $parameters = @{ Name = '  '; Scope = ''; ComputeNode = '' ; Zone = 'no-such-zone' }
            Get-ZoneSnapshot @parameters -ErrorAction SilentlyContinue -ErrorVariable failed
            $failed | ForEach-Object FullyQualifiedErrorId
            """);

        // No binding error: the blanks were not given, and the only complaint is about what is missing or wrong.
        Assert.DoesNotContain(result.Output.Select(o => o.ToString()), id => id.StartsWith("ParameterArgument", StringComparison.Ordinal));
        Assert.Null(result.TerminatingError is { } error && error.FullyQualifiedErrorId.StartsWith("ParameterArgument", StringComparison.Ordinal) ? error : null);
    }
}
