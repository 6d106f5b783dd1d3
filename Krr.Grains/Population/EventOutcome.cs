namespace Krr.Grains.Population;

[GenerateSerializer, Alias("krr.EventOutcome")]
public enum EventOutcome
{
    Applied = 0,
    /// <summary>The sequence number was already applied: nothing changed.</summary>
    Replayed = 1,
}
