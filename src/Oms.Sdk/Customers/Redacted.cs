using System.Text;
using System.Text.Json.Serialization;

namespace Oms.Sdk;

internal static class Redacted
{
    public const string Text = "[redacted]";

    public static string? Mark(bool present) => present ? Text : null;
}
