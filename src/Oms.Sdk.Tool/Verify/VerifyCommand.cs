using System.CommandLine;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tool.Verify;

/// <summary><c>oms verify</c>: checks a saved delivery with the SDK's verifier and says exactly why it fails, if it does.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var secrets = ToolOptions.Secrets("The endpoint secret (whsec_…); give it twice during a rotation. Never printed.");
        var headersFile = new Option<FileInfo>("--headers") { Description = "A file of the delivery's headers, one 'name: value' per line.", Required = true, HelpName = "FILE" };
        var bodyFile = new Option<FileInfo>("--body") { Description = "A file holding the delivery's body, byte for byte as received.", Required = true, HelpName = "FILE" };
        var tolerance = ToolOptions.Seconds("--tolerance", "How far the webhook-timestamp may be from now, either way (the SDK's default: 300).", OmsWebhookVerifierOptions.DefaultTolerance.TotalSeconds, 1, OmsWebhookVerifierOptions.MaxTolerance.TotalSeconds);
        var command = new Command("verify", "Check whether a webhook delivery verifies (Standard Webhooks, as the SDK checks it) and, if not, say exactly why: no secret matches, the body was altered, the timestamp is out of tolerance, or a header is missing or malformed. Exit code 0 only when it verifies.")
        {
            secrets, headersFile, bodyFile, tolerance,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var console = OmsCommandLine.Console(parsed);
            IReadOnlyDictionary<string, string> headers;
            byte[] body;
            var headersPath = parsed.GetRequiredValue(headersFile).FullName;
            try
            {
                headers = HeaderFile.Parse(await File.ReadAllTextAsync(headersPath, cancellationToken).ConfigureAwait(false));
                body = await File.ReadAllBytesAsync(parsed.GetRequiredValue(bodyFile).FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                console.Error($"{headersPath}: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error(e.Message);
                return ExitCodes.Usage;
            }

            var diagnosis = DeliveryDiagnosis.Diagnose(body, headers, parsed.GetRequiredValue(secrets), TimeSpan.FromSeconds(parsed.GetValue(tolerance)), TimeProvider.System);
            if (diagnosis.Valid)
            {
                console.Good(diagnosis.Verdict, ": " + diagnosis.Details);
                return ExitCodes.Success;
            }

            console.Bad(diagnosis.Verdict, ": " + diagnosis.Details);
            return ExitCodes.Failure;
        });
        return command;
    }
}
