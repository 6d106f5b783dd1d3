using System.Reflection;

namespace Krr.Tests.Storage;

/// <summary>
/// Storage rows are keyed by (service, state name, grain key) without the grain type, so two grain
/// types sharing a state name would share rows (orleans-postgres.md §1.4 pitfall 1).
/// </summary>
public sealed class GrainConventionTests
{
    private static readonly Assembly[] GrainAssemblies =
    [
        Assembly.Load("Krr.Grains"),
        typeof(GrainConventionTests).Assembly,
    ];

    private static IEnumerable<Type> AllTypes() => GrainAssemblies.SelectMany(a =>
    {
        try
        {
            return a.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    });

    [Fact]
    public void Every_PersistentState_name_is_unique()
    {
        var states = AllTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters())
                .Select(p => (Type: t, Attribute: p.GetCustomAttribute<PersistentStateAttribute>()))
                .Where(x => x.Attribute is not null)
                .Select(x => (x.Type, Name: x.Attribute!.StateName))
                .Distinct())
            .ToList();

        Assert.Contains(states, s => s.Name == "storageProbe"); // the scan does see [PersistentState]
        var duplicates = states.GroupBy(s => s.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(s => s.Type.FullName))}")
            .ToList();
        Assert.True(duplicates.Count == 0, "State names used more than once: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void No_grain_derives_from_Grain_of_T()
    {
        static bool DerivesFromGrainOfT(Type t)
        {
            for (var b = t.BaseType; b is not null; b = b.BaseType)
            {
                if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Grain<>))
                {
                    return true;
                }
            }

            return false;
        }

        var offenders = AllTypes().Where(DerivesFromGrainOfT).Select(t => t.FullName).ToList();
        Assert.True(offenders.Count == 0, "Grain<T> is not allowed (state name would be \"state\"): " + string.Join(", ", offenders));
    }
}
