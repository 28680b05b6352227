using System.CommandLine;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tool;

/// <summary>Options several commands share, with their validation (a bad value is a parse error: exit code 2).</summary>
internal static class ToolOptions
{
    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary>An absolute http(s) URL.</summary>
    public static Option<string> Url(string name, string description, bool required)
    {
        var option = new Option<string>(name) { Description = description, Required = required, HelpName = "URL" };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!IsHttpUrl(token.Value))
                {
                    result.AddError($"{name} must be an absolute http or https URL, not '{token.Value}'.");
                }
            }
        });
        return option;
    }

    /// <summary>A webhook endpoint secret (<c>whsec_…</c>); a bad one is named by problem, never echoed.</summary>
    public static Option<string[]> Secrets(string description)
    {
        var option = new Option<string[]>("--secret") { Description = description, Required = true, HelpName = "whsec_…", Arity = ArgumentArity.OneOrMore };
        option.Validators.Add(CheckSecrets);
        return option;
    }

    /// <summary>One webhook endpoint secret, checked as <see cref="Secrets"/> checks each.</summary>
    public static Option<string> Secret(string description)
    {
        var option = new Option<string>("--secret") { Description = description, Required = true, HelpName = "whsec_…" };
        option.Validators.Add(CheckSecrets);
        return option;
    }

    private static void CheckSecrets(System.CommandLine.Parsing.OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            try
            {
                _ = new OmsWebhookSigner(token.Value);
            }
            catch (ArgumentException e)
            {
                // The SDK's messages never contain the secret.
                result.AddError("--secret: " + e.Message);
            }
        }
    }

    /// <summary>A whole number in a range.</summary>
    public static T InRange<T>(this T option, int min, int max)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (int.TryParse(token.Value, out var value) && (value < min || value > max))
                {
                    result.AddError($"{option.Name} must be from {min} to {max}, not {value}.");
                }
            }
        });
        return option;
    }

    /// <summary>A number of seconds, fractions allowed, in a range.</summary>
    public static Option<double> Seconds(string name, string description, double defaultValue, double min, double max)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "SECONDS" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && (value < min || value > max || double.IsNaN(value)))
            {
                result.AddError($"{name} must be from {min} to {max} seconds.");
            }
        });
        return option;
    }

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
