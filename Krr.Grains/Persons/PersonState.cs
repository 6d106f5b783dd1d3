namespace Krr.Grains.Persons;

/// <summary>Stored state of <see cref="PersonGrain"/>, state name <c>person</c>.</summary>
[GenerateSerializer, Alias("krr.PersonState")]
public sealed class PersonState
{
    [Id(0)] public PersonRecord? Record { get; set; }
}
