using Krr.Grains.LanguageSelection;
using Krr.Grains.Persons;

namespace Krr.Tests.Persons;

/// <summary>The agencies' "set language only if unset" rule (SPEC §9), as a pure function.</summary>
public sealed class LanguageIfUnsetTests
{
    private const string Id = "17912099997";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddDays(1);

    [Fact]
    public void An_unknown_person_is_created_active_with_only_the_language()
    {
        var (next, outcome) = PersonChanges.SetLanguageIfUnset(null, Id, "en", T0);

        Assert.Equal(LanguageOutcome.Created, outcome);
        Assert.Equal(new PersonRecord { Identifier = Id, Status = PersonStatus.Active, Language = "en", LanguageUpdated = T0, Updated = T0 }, next);
    }

    [Fact]
    public void A_deleted_person_is_created_again_like_after_any_other_write()
    {
        var deleted = new PersonRecord { Identifier = Id, Status = PersonStatus.Deleted, Updated = T0 };

        var (next, outcome) = PersonChanges.SetLanguageIfUnset(deleted, Id, "nn", T1);

        Assert.Equal(LanguageOutcome.Created, outcome);
        Assert.Equal(PersonStatus.Active, next.Status);
        Assert.Equal("nn", next.Language);
    }

    [Fact]
    public void A_registered_person_without_language_gets_it_and_a_set_one_is_kept()
    {
        var registered = new PersonRecord { Identifier = Id, Status = PersonStatus.Active, Reserved = true, Updated = T0 };

        var (set, outcome) = PersonChanges.SetLanguageIfUnset(registered, Id, "se", T1);
        Assert.Equal(LanguageOutcome.Set, outcome);
        Assert.Equal(registered with { Language = "se", LanguageUpdated = T1, Updated = T1 }, set);

        var (kept, second) = PersonChanges.SetLanguageIfUnset(set, Id, "nb", T1.AddDays(1));
        Assert.Equal(LanguageOutcome.AlreadySet, second);
        Assert.Same(set, kept);
    }
}
