using System.Text.Json;
using Krr.Grains.Domain;
using Krr.Grains.Persons;

namespace Krr.Tests.Persons;

/// <summary>
/// An active record holds each text once: a normalised contact value equal to the value is the same string, and a
/// supported language code is the one static string, whether the record is built in code or read from storage.
/// </summary>
public sealed class RecordStringSharingTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_normalised_value_equal_to_the_value_is_the_same_string_and_a_different_one_is_kept()
    {
        var same = new ContactChannelRecord { Value = "+4791234567", Normalized = new string("+4791234567"), Updated = At };
        var different = new ContactChannelRecord { Value = "Kari@Example.no", Normalized = "kari@example.no", Updated = At };

        Assert.Same(same.Value, same.Normalized);
        Assert.Equal("kari@example.no", different.Normalized);
        Assert.Equal("Kari@Example.no", different.Value);
        Assert.Same(same.Value, (same with { Duplicated = true }).Normalized);
    }

    [Fact]
    public void A_record_read_from_its_stored_json_shares_its_strings_and_equals_the_original()
    {
        var record = new PersonRecord
        {
            Identifier = "01014012345",
            Email = new ContactChannelRecord { Value = "kari@example.no", Normalized = "kari@example.no", Updated = At, LastVerified = At },
            Language = new string("nn"),
            Updated = At,
        };

        var read = JsonSerializer.Deserialize<PersonState>(JsonSerializer.Serialize(new PersonState { Record = record }))!.Record!;

        Assert.Equal(record, read);
        Assert.Same(read.Email!.Value, read.Email.Normalized);
        Assert.Same(Language.Nynorsk.Code, read.Language);
        Assert.Same(Language.Nynorsk.Code, record.Language);
        Assert.Empty(JsonSerializer.Deserialize<PersonState>("""{"Record":null,"Unsettled":[]}""")!.Unsettled);
    }

    [Fact]
    public void A_code_that_is_not_a_supported_language_is_kept_as_given()
    {
        Assert.Equal("NB", Language.SharedCode("NB"));
        Assert.Null(Language.SharedCode(null));
        Assert.Same(Language.English.Code, Language.SharedCode(new string("en")));
    }
}
