namespace Krr.Grains.Persons;

/// <summary>Register status of a person who has a record; a person without one is IKKE_REGISTRERT.</summary>
[GenerateSerializer, Alias("krr.PersonStatus")]
public enum PersonStatus
{
    Active = 0,
    Deleted = 1,
}
