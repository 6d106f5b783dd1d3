using System.Runtime.CompilerServices;

namespace Krr.Grains;

/// <summary>
/// References to string-keyed grains of <typeparamref name="TGrain"/> with the grain and interface types resolved once
/// per grain factory. Orleans' <c>GetGrain&lt;T&gt;(string)</c> derives the interface's type name from the CLR type on
/// every call (<c>GrainInterfaceTypeResolver</c> formats it, uncached): about 5 % of the register's CPU in a contact
/// change, which gets two or three such references (docs/benchmarks.md, "Writes").
/// </summary>
public static class StringKeyedGrains<TGrain> where TGrain : IGrainWithStringKey
{
    private static readonly ConditionalWeakTable<IGrainFactory, ResolvedTypes> Resolved = new();

    public static TGrain Get(IGrainFactory grains, string key)
    {
        if (Resolved.TryGetValue(grains, out var types))
        {
            return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }
        var grain = grains.GetGrain<TGrain>(key);
        var reference = (GrainReference)(object)grain;
        Resolved.TryAdd(grains, new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType));
        return grain;
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);
}
