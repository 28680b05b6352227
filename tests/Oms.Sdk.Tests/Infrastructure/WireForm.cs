using System.Text.Json;
using System.Text.Json.Nodes;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A public <see cref="Customer"/> written back in the shape OMS sends (through the SDK's own wire types and JSON
/// context). Records hold read-only lists, which they compare by reference, so tests compare customers in this form.
/// </summary>
internal static class WireForm
{
    public static string Json(Customer customer) => JsonSerializer.Serialize(Of(customer), OmsJsonContext.Default.CustomerWire);

    public static JsonNode Node(Customer customer) => JsonSerializer.SerializeToNode(Of(customer), OmsJsonContext.Default.CustomerWire)!;

    private static CustomerWire Of(Customer customer) => new()
    {
        Id = customer.Id,
        Object = customer.Object,
        Type = customer.RawType,
        FirstName = customer.FirstName,
        MiddleName = customer.MiddleName,
        LastName = customer.LastName,
        Email = customer.Email,
        Phone = customer.Phone,
        Nationality = customer.Nationality,
        ExternalId = customer.ExternalId,
        Status = customer.RawStatus,
        SignedAgreement = customer.SignedAgreement,
        SignedAgreementAt = customer.SignedAgreementAt,
        Wallets = [.. customer.Wallets.Select(w => new WalletWire
        {
            Id = w.Id,
            Type = w.Type,
            Address = w.Address,
            Network = w.Network,
            Asset = w.Asset,
            Balance = w.Balance,
            EstimatedValueUsd = w.EstimatedValueUsd,
            CreatedAt = w.CreatedAt,
        })],
        Endorsements = customer.Endorsements,
        Metadata = customer.Metadata.ToDictionary(p => p.Key, p => p.Value),
        CreatedAt = customer.CreatedAt,
        UpdatedAt = customer.UpdatedAt,
    };
}
