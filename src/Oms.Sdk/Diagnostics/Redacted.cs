namespace Oms.Sdk.Diagnostics;

internal static class Redacted
{
    public const string Text = "[redacted]";

    public static string? Mark(bool present) => present ? Text : null;
}
