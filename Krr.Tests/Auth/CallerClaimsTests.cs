using System.Security.Claims;
using Krr.Api.Auth;

namespace Krr.Tests.Auth;

public sealed class CallerClaimsTests
{
    private const string Consumer = "{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:974760673\"}";
    private const string Supplier = "{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:889640782\"}";

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, authenticationType: "Bearer"));

    private static Claim Json(string type, string value) => new(type, value, "JSON");

    [Fact]
    public void Agency_caller_reads_consumer_supplier_and_scopes()
    {
        var caller = Principal(
            new Claim("scope", $"{KrrScopes.DelegatedContactRead}  {KrrScopes.MailboxRead}"),
            Json("consumer", Consumer),
            Json("supplier", Supplier)).GetAgencyCaller();

        Assert.NotNull(caller);
        Assert.Equal("974760673", caller.ConsumerOrg);
        Assert.Equal("889640782", caller.SupplierOrg);
        Assert.True(caller.IsSupplier);
        Assert.True(caller.CanReadContact);
        Assert.True(caller.CanReadMailbox);
        Assert.True(caller.HasAnyLookupScope);
        Assert.Equal(2, caller.Scopes.Count);
    }

    [Fact]
    public void Scopes_given_as_a_JSON_array_become_several_claims_and_are_all_read()
    {
        var caller = Principal(new Claim("scope", KrrScopes.ContactRead), new Claim("scope", KrrScopes.ChangesRead), Json("consumer", Consumer))
            .GetAgencyCaller();

        Assert.Equal([KrrScopes.ChangesRead, KrrScopes.ContactRead], caller!.Scopes.Order());
    }

    [Fact]
    public void Delegation_scopes_without_a_supplier_grant_no_data()
    {
        var caller = Principal(new Claim("scope", $"{KrrScopes.DelegatedContactRead} {KrrScopes.DelegatedMailboxRead}"), Json("consumer", Consumer))
            .GetAgencyCaller()!;

        Assert.False(caller.IsSupplier);
        Assert.False(caller.CanReadContact);
        Assert.False(caller.CanReadMailbox);
        Assert.True(caller.HasAnyLookupScope);
    }

    [Theory]
    [InlineData("{\"authority\":\"iso6523-actorid-upis\"}")]
    [InlineData("{\"ID\":\"0192:974760673\"}")]
    [InlineData("{\"authority\":\"other\",\"ID\":\"0192:974760673\"}")]
    [InlineData("{\"authority\":\"iso6523-actorid-upis\",\"ID\":974760673}")]
    [InlineData("{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"974760673\"}")]
    [InlineData("{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:\"}")]
    [InlineData("\"0192:974760673\"")]
    [InlineData("0192:974760673")]
    [InlineData("{not json")]
    public void Malformed_consumer_gives_no_agency_caller(string consumer)
    {
        Assert.Null(Principal(new Claim("scope", KrrScopes.ContactRead), Json("consumer", consumer)).GetAgencyCaller());
    }

    [Fact]
    public void Malformed_supplier_or_two_consumers_give_no_agency_caller()
    {
        Assert.Null(Principal(Json("consumer", Consumer), Json("supplier", "{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:1\"}")).GetAgencyCaller());
        Assert.Null(Principal(Json("consumer", Consumer), Json("consumer", Supplier)).GetAgencyCaller());
    }

    [Fact]
    public void Token_with_pid_is_never_an_agency_caller()
    {
        var principal = Principal(new Claim("pid", "01017012345"), new Claim("scope", KrrScopes.ContactRead), Json("consumer", Consumer));

        Assert.Null(principal.GetAgencyCaller());
        Assert.Equal("01017012345", principal.GetCitizenCaller()!.Pid);
    }

    [Theory]
    [InlineData("0101701234")]
    [InlineData("010170123456")]
    [InlineData("0101701234x")]
    [InlineData("")]
    public void Malformed_pid_gives_no_citizen_caller(string pid)
    {
        Assert.Null(Principal(new Claim("pid", pid), new Claim("scope", KrrScopes.UserContactRead)).GetCitizenCaller());
    }

    [Fact]
    public void Unauthenticated_identity_yields_no_callers()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("pid", "01017012345"), Json("consumer", Consumer)]));

        Assert.Null(principal.GetAgencyCaller());
        Assert.Null(principal.GetCitizenCaller());
        Assert.Empty(principal.GetScopes());
    }

    [Fact]
    public void Callers_read_again_or_from_other_tokens_keep_their_own_values()
    {
        const string other = "{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:991825827\"}";
        for (var round = 0; round < 2; round++)
        {
            var first = Principal(new Claim("scope", KrrScopes.ContactRead), Json("consumer", Consumer)).GetAgencyCaller();
            var second = Principal(new Claim("scope", $"{KrrScopes.ContactRead} {KrrScopes.MailboxRead}"), Json("consumer", other), Json("supplier", Supplier)).GetAgencyCaller();
            var malformed = Principal(Json("consumer", "{\"ID\":\"0192:974760673\"}")).GetAgencyCaller();

            Assert.Equal(("974760673", (string?)null, 1), (first!.ConsumerOrg, first.SupplierOrg, first.Scopes.Count));
            Assert.Equal(("991825827", (string?)"889640782", 2), (second!.ConsumerOrg, second.SupplierOrg, second.Scopes.Count));
            Assert.Null(malformed);
        }
    }

    [Fact]
    public void Scopes_of_every_authenticated_identity_are_read_together()
    {
        var principal = new ClaimsPrincipal([
            new ClaimsIdentity([new Claim("scope", KrrScopes.ContactRead), Json("consumer", Consumer)], authenticationType: "Bearer"),
            new ClaimsIdentity([new Claim("scope", KrrScopes.MailboxRead)], authenticationType: "Other"),
            new ClaimsIdentity([new Claim("scope", KrrScopes.ChangesRead)]),
        ]);

        var scopes = principal.GetScopes();
        Assert.Equal(2, scopes.Count);
        Assert.True(scopes.SetEquals([KrrScopes.ContactRead, KrrScopes.MailboxRead]));
    }
}
