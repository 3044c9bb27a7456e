using Hourglass.Ledger;
using Hourglass.Web.Api;
using Microsoft.Extensions.Primitives;

namespace Hourglass.Tests.Web.Api;

public sealed class JobFilterTests
{
    [Fact]
    public void Parse_Nothing_EveryJobNewestFirstInPagesOf50()
    {
        var query = JobFilter.Parse(default, default, default, default);

        Assert.Equal(new JobQuery(null, null, 50, null), query);
    }

    [Fact]
    public void Parse_StatesRepeatedAndCommaSeparated_AllOfThemInAnyCase()
    {
        var query = JobFilter.Parse(new StringValues(["Discarded,retryable", "cancelled"]), "copy", "10", "99");

        Assert.Equal([JobState.Retryable, JobState.Discarded, JobState.Cancelled], query.States!.Order());
        Assert.Equal((JobKind.Copy, 10, 99L), (query.Kind, query.Limit, query.Before));
    }

    [Theory]
    // A value that is not a state, kind or number names the parameter and what it takes.
    [InlineData("state", "running", "state='running' is not valid: use one of scheduled, available")]
    [InlineData("state", "3", "state='3' is not valid")]
    [InlineData("kind", "dump", "kind='dump' is not valid: use one of backup, restore")]
    // Pages are 1 to 500 jobs; before is a job id.
    [InlineData("limit", "0", "limit='0' is not valid: use a whole number from 1 to 500")]
    [InlineData("limit", "501", "limit='501' is not valid")]
    [InlineData("limit", "-1", "limit='-1' is not valid")]
    [InlineData("before", "abc", "before='abc' is not valid: use a job id")]
    [InlineData("before", "0", "before='0' is not valid")]
    public void Parse_BadValue_UsageErrorNamingIt(string parameter, string value, string message)
    {
        StringValues Given(string name) => name == parameter ? new StringValues(value) : default;

        var error = Assert.Throws<HourglassException>(() => JobFilter.Parse(Given("state"), Given("kind"), Given("limit"), Given("before")));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
