global using Xunit;
global using ZoneDelegation.HostedTests.Infrastructure;
global using ZoneDelegation.IntegrationTests.Testbed;
global using ZoneDelegation.IntegrationTests.Zones;
