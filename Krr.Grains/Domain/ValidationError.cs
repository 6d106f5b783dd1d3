namespace Krr.Grains.Domain;

/// <summary>
/// Why a value was rejected. <see cref="Code"/> is stable so that callers can localise or map it
/// (e.g. to a 400 problem detail) without parsing <see cref="Message"/>.
/// </summary>
public sealed record ValidationError(string Code, string Message);
