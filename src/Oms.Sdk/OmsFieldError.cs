namespace Oms.Sdk;

/// <summary>One field OMS refused in a request, with what it said about it.</summary>
/// <param name="Field">The field, as OMS names it (for example <c>email</c> or <c>residentialAddress.postalCode</c>).</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record OmsFieldError(string Field, string Message);
