namespace Krr.Api.Lookup;

/// <summary>v2 adds <c>*_duplisert</c>, <c>*_sist_validert</c> and <c>oppdatert</c> to what v1 returns (SPEC §4).</summary>
public enum LookupVersion
{
    V1 = 1,
    V2 = 2,
}
