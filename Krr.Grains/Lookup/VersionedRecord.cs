using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>A person's published record (null: never registered) with the <see cref="RecordVersion"/> that names this publication.</summary>
[GenerateSerializer, Immutable, Alias("krr.VersionedRecord")]
public sealed record VersionedRecord([property: Id(0)] RecordVersion Version, [property: Id(1)] PersonRecord? Record)
{
    /// <summary>This, or null when <paramref name="known"/> names this very publication (the caller holds the record already).</summary>
    public VersionedRecord? IfChanged(RecordVersion known) => Version == known ? null : this;
}
