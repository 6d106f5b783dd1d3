namespace Krr.Grains.LanguageSelection;

/// <summary>What an agency's "set language only if unset" did to one person (SPEC §9).</summary>
[GenerateSerializer, Alias("krr.LanguageOutcome")]
public enum LanguageOutcome
{
    /// <summary>The person was not registered (or was deleted) and is now AKTIV with only the language.</summary>
    Created = 0,

    /// <summary>The registered person had no language; it is set now.</summary>
    Set = 1,

    /// <summary>The person already had a language; it is left as it was.</summary>
    AlreadySet = 2,
}
