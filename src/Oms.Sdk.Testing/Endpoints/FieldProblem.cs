namespace Oms.Sdk.Testing.Endpoints;

/// <summary>One thing wrong with a request body: the field it is about (a dotted path such as <c>residentialAddress.city</c> or
/// <c>endorsements[0]</c>; <see langword="null"/> for the body as a whole) and the whole sentence saying what is wrong.</summary>
internal sealed record FieldProblem(string? Field, string Message);
