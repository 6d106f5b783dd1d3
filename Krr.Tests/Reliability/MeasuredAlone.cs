namespace Krr.Tests.Reliability;

/// <summary>
/// Tests that bound this process's memory run after the parallel ones, with nothing else in the process: the figure is
/// the process's, so tests running beside them (browsers, other hosts) would count in it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
