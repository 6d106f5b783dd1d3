namespace Krr.Grains.Delegation;

/// <summary>Stored state of <see cref="SupplierDelegationsGrain"/>, state name <c>delegationsReceived</c>.</summary>
[GenerateSerializer, Alias("krr.SupplierDelegationsState")]
public sealed class SupplierDelegationsState
{
    [Id(0)] public HashSet<string> ConsumerOrgs { get; set; } = [];
}
