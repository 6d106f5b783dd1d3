namespace Krr.Grains.Population;

/// <summary>A person's standing in Folkeregisteret as far as the register needs it.</summary>
[GenerateSerializer, Alias("krr.ResidentStatus")]
public enum ResidentStatus
{
    Resident = 0,
    Emigrated = 1,
    Dead = 2,
    /// <summary>The identifier was replaced by another (identifier change); the person lives on under the new one.</summary>
    Replaced = 3,
}
