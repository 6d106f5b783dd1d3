namespace Krr.Grains.Delegation;

/// <summary>Stored state of <see cref="DelegationGrain"/>, state name <c>delegationsGiven</c>: grants by supplier org.</summary>
[GenerateSerializer, Alias("krr.DelegationState")]
public sealed class DelegationState
{
    [Id(0)] public Dictionary<string, DelegationGrant> Grants { get; set; } = [];
}
