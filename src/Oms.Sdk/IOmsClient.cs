namespace Oms.Sdk;

/// <summary>The OMS client: one per OMS account, thread-safe, meant to live as a singleton. Mock it in your own tests.</summary>
public interface IOmsClient
{
    /// <summary>The Customers resource.</summary>
    ICustomersClient Customers { get; }
}
