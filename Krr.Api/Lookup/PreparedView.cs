namespace Krr.Api.Lookup;

/// <summary>
/// One person's answer in one view, serialised once per stored record: the bytes before and after the place of the
/// provider's certificate, which is spliced in per lookup because the provider may replace it. It holds for lookups at
/// instants in [<see cref="ValidFrom"/>, <see cref="ValidUntil"/>): the interval in which <c>varslingsstatus</c> stays
/// what it was when serialised.
/// </summary>
internal sealed record PreparedView(
    string Identifier, byte[] Head, string? Provider, byte[] Tail, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    public bool HoldsFor(string identifier, DateTimeOffset now) =>
        now >= ValidFrom && now < ValidUntil && string.Equals(identifier, Identifier, StringComparison.Ordinal);
}
