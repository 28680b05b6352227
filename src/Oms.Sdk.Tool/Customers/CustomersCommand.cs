using System.CommandLine;
using Oms.Sdk.Testing;
using Oms.Sdk.Tool.Console;

namespace Oms.Sdk.Tool.Customers;

/// <summary>
/// <c>oms customers get|list|create</c>: the SDK's client against the account in <c>OMS_API_KEY</c>,
/// <c>OMS_API_SECRET</c> and <c>OMS_BASE_URL</c>, or against a throw-away fake with <c>--fake</c>.
/// </summary>
internal static class CustomersCommand
{
    public const string ApiKeyVariable = "OMS_API_KEY";
    public const string ApiSecretVariable = "OMS_API_SECRET";
    public const string BaseUrlVariable = "OMS_BASE_URL";

    private static readonly Option<bool> Fake = new("--fake")
    {
        Description = "Run against a throw-away fake OMS started for this command (empty, then gone) instead of the account in OMS_API_KEY/OMS_API_SECRET/OMS_BASE_URL.",
        Recursive = true,
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON (the API's field names) instead of a table, for scripts.",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command(
            "customers",
            $"Get, list or create customers with the SDK. Uses {ApiKeyVariable} and {ApiSecretVariable} (and {BaseUrlVariable}, default the sandbox), or --fake. An error is one line with its request id, exit code 1.")
        {
            Get(), List(), Create_(),
        };
        command.Options.Add(Fake);
        command.Options.Add(Json);
        return command;
    }

    private static Command Get()
    {
        var id = new Argument<string>("customer-id") { Description = "The customer's id (cst_…)." };
        var command = new Command("get", "Retrieve one customer.") { id };
        command.SetAction((parsed, ct) => RunAsync(parsed, async (client, output) =>
            output.Customer(await client.Customers.GetAsync(parsed.GetRequiredValue(id), ct).ConfigureAwait(false)), ct));
        return command;
    }

    private static Command List()
    {
        var limit = new Option<int?>("--limit") { Description = "Customers per page, 1 to 100 (default: the server's).", HelpName = "N" }.InRange(1, ListCustomersOptions.MaxLimit);
        var cursor = new Option<string?>("--cursor") { Description = "The cursor of the page to fetch, from a previous page." };
        var status = new Option<string?>("--status") { Description = "Only customers with this status." };
        status.AcceptOnlyFromAmong("active", "inactive");
        var email = new Option<string?>("--email") { Description = "Only customers with this email address." };
        var externalId = new Option<string?>("--external-id") { Description = "Only customers with this external id." };
        var command = new Command("list", "List one page of customers (newest last); the next page's cursor is printed when there is one.") { limit, cursor, status, email, externalId };
        command.SetAction((parsed, ct) => RunAsync(parsed, async (client, output) =>
        {
            var options = new ListCustomersOptions
            {
                Limit = parsed.GetValue(limit),
                Cursor = parsed.GetValue(cursor),
                Status = parsed.GetValue(status) switch { "active" => CustomerStatus.Active, "inactive" => CustomerStatus.Inactive, _ => null },
                Email = parsed.GetValue(email),
                ExternalId = parsed.GetValue(externalId),
            };
            output.Page(await client.Customers.ListAsync(options, ct).ConfigureAwait(false));
        }, ct));
        return command;
    }

    private static Command Create_()
    {
        var firstName = new Option<string?>("--first-name") { Description = "First name." };
        var lastName = new Option<string?>("--last-name") { Description = "Last name." };
        var email = new Option<string?>("--email") { Description = "Email address." };
        var phone = new Option<string?>("--phone") { Description = "Phone number in E.164 form, for example +12125551234." };
        var nationality = new Option<string?>("--nationality") { Description = "ISO 3166-1 alpha-2 country code, for example US." };
        var externalId = new Option<string?>("--external-id") { Description = "Your own id for the customer." };
        var endorsements = new Option<string[]>("--endorsement") { Description = "An endorsement to request (repeat for several); default: OMS's (cryptoCustody and usd).", AllowMultipleArgumentsPerToken = false };
        endorsements.AcceptOnlyFromAmong("basic", "cryptoCustody", "usd");
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "The Idempotency-Key to send (default: a new one); the same key gets the same customer back." };
        var command = new Command("create", "Create an individual customer.") { firstName, lastName, email, phone, nationality, externalId, endorsements, idempotencyKey };
        command.SetAction((parsed, ct) => RunAsync(parsed, async (client, output) =>
        {
            var requested = parsed.GetValue(endorsements) is { Length: > 0 } names
                ? names.Select(n => n switch { "basic" => Endorsement.Basic, "cryptoCustody" => Endorsement.CryptoCustody, _ => Endorsement.Usd }).ToList()
                : null;
            var request = new CreateCustomerRequest
            {
                FirstName = parsed.GetValue(firstName),
                LastName = parsed.GetValue(lastName),
                Email = parsed.GetValue(email),
                Phone = parsed.GetValue(phone),
                Nationality = parsed.GetValue(nationality),
                ExternalId = parsed.GetValue(externalId),
                Endorsements = requested,
            };
            output.Customer(await client.Customers.CreateAsync(request, parsed.GetValue(idempotencyKey), ct).ConfigureAwait(false));
        }, ct));
        return command;
    }

    /// <summary>Builds the client (from the environment or a throw-away fake), runs the call, and turns an SDK error into one line and exit code 1.</summary>
    private static async Task<int> RunAsync(ParseResult parsed, Func<IOmsClient, CustomerOutput, Task> call, CancellationToken cancellationToken)
    {
        var console = OmsCommandLine.Console(parsed);
        FakeOmsServer? fake = null;
        OmsClientOptions options;
        if (parsed.GetValue(Fake))
        {
            fake = FakeOmsServer.Start();
            options = fake.CreateClientOptions();
        }
        else if (FromEnvironment(console) is { } configured)
        {
            options = configured;
        }
        else
        {
            return ExitCodes.Usage;
        }

        try
        {
            using var client = new OmsClient(options);
            await call(client, new CustomerOutput(console, parsed.GetValue(Json))).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OmsException e)
        {
            // The SDK's message names the request id when OMS sent one; the line always does.
            var requestId = (e as OmsApiException)?.RequestId;
            console.Error(requestId is not null && e.Message.Contains(requestId, StringComparison.Ordinal) ? e.Message : $"{e.Message} (request id: {requestId ?? "none sent"})");
            return ExitCodes.Failure;
        }
        catch (ArgumentException e)
        {
            // The SDK refuses bad input (an id with a slash, an invalid option) before sending anything.
            console.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("Interrupted.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (fake is not null)
            {
                await fake.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static OmsClientOptions? FromEnvironment(ToolConsole console)
    {
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        var secret = Environment.GetEnvironmentVariable(ApiSecretVariable);
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            console.Error($"Set {ApiKeyVariable} and {ApiSecretVariable} (and {BaseUrlVariable} for other than the sandbox), or pass --fake to use a throw-away fake OMS.");
            return null;
        }

        var baseUrl = Environment.GetEnvironmentVariable(BaseUrlVariable);
        if (!string.IsNullOrEmpty(baseUrl) && !ToolOptions.IsHttpUrl(baseUrl))
        {
            console.Error($"{BaseUrlVariable} must be an absolute http or https URL, such as {OmsEnvironment.Sandbox}.");
            return null;
        }

        return new OmsClientOptions
        {
            ApiKey = key,
            ApiSecret = secret,
            BaseAddress = string.IsNullOrEmpty(baseUrl) ? OmsEnvironment.Sandbox : new Uri(baseUrl),
        };
    }
}
