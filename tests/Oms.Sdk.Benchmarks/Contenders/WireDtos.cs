using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Benchmarks.Contenders;

// Plain wire DTOs for the floor and Refit contenders: the same fields the SDK reads, with none of its extras
// (raw-and-parsed enums, lenient endorsement lists, read-only wrappers). The floor reads them with the
// source-generated context below; Refit reads them with reflection.

public sealed class TokenRequestDto
{
    public required string ApiKey { get; init; }

    public required string ApiSecret { get; init; }
}

public sealed class TokenResponseDto
{
    public string? AccessToken { get; init; }

    public long? ExpiresIn { get; init; }
}

public sealed class CreateCustomerDto
{
    public string Type { get; init; } = "individual";

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Nationality { get; init; }

    public string? ExternalId { get; init; }

    public bool? SignedAgreement { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>The same customer as the SDK's request, so every contender sends the same body.</summary>
    public static CreateCustomerDto From(CreateCustomerRequest request) => new()
    {
        FirstName = request.FirstName,
        LastName = request.LastName,
        Email = request.Email,
        Phone = request.Phone,
        Nationality = request.Nationality,
        ExternalId = request.ExternalId,
        SignedAgreement = request.SignedAgreement,
        Metadata = request.Metadata?.ToDictionary(),
    };
}

public sealed class CustomerDto
{
    public string Id { get; init; } = "";

    public string? Object { get; init; }

    public string? Type { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Nationality { get; init; }

    public string? ExternalId { get; init; }

    public string? Status { get; init; }

    public bool? SignedAgreement { get; init; }

    public DateTimeOffset? SignedAgreementAt { get; init; }

    public List<WalletDto>? Wallets { get; init; }

    public List<EndorsementDto>? Endorsements { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class WalletDto
{
    public string Id { get; init; } = "";

    public string? Type { get; init; }

    public string? Address { get; init; }

    public string? Network { get; init; }

    public string? Asset { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Balance { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? EstimatedValueUsd { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}

public sealed class EndorsementDto
{
    public string? Name { get; init; }

    public string? Status { get; init; }

    public List<string>? RejectionReasons { get; init; }

    public RequirementsDto? Requirements { get; init; }
}

public sealed class RequirementsDto
{
    public List<string>? Complete { get; init; }

    public List<string>? Pending { get; init; }

    public List<string>? Missing { get; init; }

    public List<string>? Issues { get; init; }
}

public sealed class CustomerPageDto
{
    public List<CustomerDto>? Data { get; init; }

    public bool HasMore { get; init; }

    public string? Cursor { get; init; }

    /// <summary>The paging loop a hand-written or Refit client writes: follow the cursor while <c>hasMore</c>, one page at a time.</summary>
    public static async IAsyncEnumerable<CustomerDto> WalkAsync(
        Func<string?, Task<CustomerPageDto>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetch(cursor);
            foreach (var customer in page.Data!)
            {
                yield return customer;
            }

            cursor = page.HasMore ? page.Cursor : null;
        }
        while (cursor is not null);
    }
}

/// <summary>The floor's source-generated JSON: web defaults (camelCase), nulls not written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequestDto))]
[JsonSerializable(typeof(TokenResponseDto))]
[JsonSerializable(typeof(CreateCustomerDto))]
[JsonSerializable(typeof(CustomerDto))]
[JsonSerializable(typeof(CustomerPageDto))]
public sealed partial class FloorJsonContext : JsonSerializerContext;
