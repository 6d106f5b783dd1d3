namespace Krr.Grains.Population;

/// <summary>The population register events the register follows (SPEC §10).</summary>
[GenerateSerializer, Alias("krr.FolkeregisterEventType")]
public enum FolkeregisterEventType
{
    Birth = 0,
    Immigration = 1,
    Move = 2,
    Emigration = 3,
    Death = 4,
    IdentifierChange = 5,
}
