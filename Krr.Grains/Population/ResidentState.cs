namespace Krr.Grains.Population;

/// <summary>Stored state of <see cref="ResidentGrain"/>, state name <c>resident</c>.</summary>
[GenerateSerializer, Alias("krr.ResidentState")]
public sealed class ResidentState
{
    [Id(0)] public ResidentRecord? Record { get; set; }
}
