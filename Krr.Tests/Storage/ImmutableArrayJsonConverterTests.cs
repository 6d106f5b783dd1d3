using System.Text.Json;
using Krr.Grains.Contacts;
using Krr.Grains.Persons;
using Krr.Hosting.Storage;
using Orleans.Serialization;

namespace Krr.Tests.Storage;

/// <summary>
/// The storage serializer's converter for immutable arrays writes exactly what System.Text.Json's own converter writes,
/// and reads it back, so rows written before and after it are alike.
/// </summary>
public sealed class ImmutableArrayJsonConverterTests
{
    private static readonly JsonSerializerOptions BuiltIn = new SystemTextJsonGrainStorageSerializerOptions().JsonSerializerOptions;

    private static readonly JsonSerializerOptions WithConverter = WithImmutableArrays();

    private static JsonSerializerOptions WithImmutableArrays()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions().JsonSerializerOptions;
        options.Converters.Add(new ImmutableArrayJsonConverter());
        return options;
    }

    public static TheoryData<string[]> Owners => new() { Array.Empty<string>(), new[] { "01810050019" }, new[] { "01810050019", "0181005\"0361" } };

    [Theory]
    [MemberData(nameof(Owners))]
    public void Owner_sets_are_written_as_the_built_in_converter_writes_them_and_read_back(string[] owners)
    {
        var state = new ContactOwnersState { Owners = [.. owners] };

        var json = JsonSerializer.Serialize(state, WithConverter);

        Assert.Equal(JsonSerializer.Serialize(state, BuiltIn), json);
        Assert.Equal(owners, JsonSerializer.Deserialize<ContactOwnersState>(json, WithConverter)!.Owners.ToArray());
    }

    [Fact]
    public void Unsettled_values_are_written_as_the_built_in_converter_writes_them_and_read_back()
    {
        UnsettledContact[] unsettled = [new(ContactChannel.Mobile, "+4792000001"), new(ContactChannel.Email, "skriv1@bench.no")];
        var state = new PersonState { Unsettled = [.. unsettled] };

        var json = JsonSerializer.Serialize(state, WithConverter);

        Assert.Equal(JsonSerializer.Serialize(state, BuiltIn), json);
        Assert.Equal(unsettled, JsonSerializer.Deserialize<PersonState>(json, WithConverter)!.Unsettled.ToArray());
        Assert.Empty(JsonSerializer.Deserialize<PersonState>("""{"Unsettled":[]}""", WithConverter)!.Unsettled);
    }

    [Fact]
    public void A_value_that_is_not_an_array_is_refused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ContactOwnersState>("""{"Owners":"01810050019"}""", WithConverter));
    }
}
