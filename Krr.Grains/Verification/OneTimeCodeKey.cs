using Krr.Grains.Persons;

namespace Krr.Grains.Verification;

/// <summary>
/// One code grain per person and channel, <c>otp:&lt;identifier&gt;:mobil</c> or <c>otp:&lt;identifier&gt;:epost</c>:
/// the limits of SPEC §6.1 are per channel, and one grain serialises a channel's sends and tries.
/// </summary>
public static class OneTimeCodeKey
{
    private const string Prefix = "otp:";

    public static string For(string identifier, ContactChannel channel) =>
        $"{Prefix}{identifier}:{(channel == ContactChannel.Mobile ? "mobil" : "epost")}";

    public static (string Identifier, ContactChannel Channel) Parse(string key)
    {
        var parts = key.Split(':');
        if (parts is not [_, var identifier, var channel] || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a one-time code key: {key}");
        }
        return (identifier, channel == "mobil" ? ContactChannel.Mobile : ContactChannel.Email);
    }

    public static IOneTimeCodeGrain GetOneTimeCode(this IGrainFactory grains, string identifier, ContactChannel channel) =>
        grains.GetGrain<IOneTimeCodeGrain>(For(identifier, channel));
}
