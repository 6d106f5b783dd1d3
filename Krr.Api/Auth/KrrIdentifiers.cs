namespace Krr.Api.Auth;

/// <summary>Format checks for the identifiers that arrive in token claims.</summary>
internal static class KrrIdentifiers
{
    /// <summary>ISO 6523 ICD for Norwegian organisation numbers, as used in Maskinporten's consumer/supplier claims.</summary>
    public const string NorwegianOrgIcdPrefix = "0192:";

    /// <summary>Maskinporten's authority value for consumer/supplier claims.</summary>
    public const string Iso6523Authority = "iso6523-actorid-upis";

    // Format only (9 digits); replaced by Krr.Grains.Domain.OrganizationNumber (mod-11) when the branches merge.
    public static bool IsOrganizationNumber(string? value) => IsDigits(value, 9);

    // Format only (11 digits); replaced by the domain's person identifier validation when the branches merge.
    public static bool IsPersonIdentifier(string? value) => IsDigits(value, 11);

    private static bool IsDigits(string? value, int length)
    {
        if (value is null || value.Length != length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
