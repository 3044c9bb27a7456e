namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that load CI's 2 cores for long (parallel restores of sizeable datasets, restores killed mid-phase) or that
/// time themselves in seconds (several nodes on ten-second slots, a serve node cancelled or stopped mid-dump): they run alone, after the others, so that neither
/// kind makes the other, or a test that waits on a signal, miss its moment.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
