using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Benchmarks.Contenders;

// Plain wire DTOs for the floor and Refit contenders: the same fields the SDK reads, with none of its extras
// (raw-and-parsed enums, lenient endorsement lists, read-only wrappers). The floor reads them with the
// source-generated context below; Refit reads them with reflection.

public sealed class TokenRequestDto
{
    public required string ApiKey { get; set; }

    public required string ApiSecret { get; set; }
}

public sealed class TokenResponseDto
{
    public string? AccessToken { get; set; }

    public long? ExpiresIn { get; set; }
}

public sealed class CreateCustomerDto
{
    public string Type { get; set; } = "individual";

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Nationality { get; set; }

    public string? ExternalId { get; set; }

    public bool? SignedAgreement { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

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
    public string Id { get; set; } = "";

    public string? Object { get; set; }

    public string? Type { get; set; }

    public string? FirstName { get; set; }

    public string? MiddleName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Nationality { get; set; }

    public string? ExternalId { get; set; }

    public string? Status { get; set; }

    public bool? SignedAgreement { get; set; }

    public DateTimeOffset? SignedAgreementAt { get; set; }

    public List<WalletDto>? Wallets { get; set; }

    public List<EndorsementDto>? Endorsements { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class WalletDto
{
    public string Id { get; set; } = "";

    public string? Type { get; set; }

    public string? Address { get; set; }

    public string? Network { get; set; }

    public string? Asset { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Balance { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? EstimatedValueUsd { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }
}

public sealed class EndorsementDto
{
    public string? Name { get; set; }

    public string? Status { get; set; }

    public List<string>? RejectionReasons { get; set; }

    public RequirementsDto? Requirements { get; set; }
}

public sealed class RequirementsDto
{
    public List<string>? Complete { get; set; }

    public List<string>? Pending { get; set; }

    public List<string>? Missing { get; set; }

    public List<string>? Issues { get; set; }
}

public sealed class CustomerPageDto
{
    public List<CustomerDto>? Data { get; set; }

    public bool HasMore { get; set; }

    public string? Cursor { get; set; }

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
