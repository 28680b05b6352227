using System.Globalization;
using System.Text.Json;
using Oms.Sdk.Tool.Console;

namespace Oms.Sdk.Tool.Customers;

/// <summary>Prints customers as a table, or as JSON with the API's field names (one document per command) for scripts.</summary>
internal sealed class CustomerOutput(ToolConsole console, bool json)
{
    public void Customer(Customer customer)
    {
        if (json)
        {
            WriteJson(writer => WriteCustomer(writer, customer));
            return;
        }

        Table([customer]);
    }

    public void Page(CustomerPage page)
    {
        if (json)
        {
            WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("data");
                foreach (var customer in page.Items)
                {
                    WriteCustomer(writer, customer);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("hasMore", page.HasMore);
                writer.WriteString("cursor", page.NextCursor);
                writer.WriteEndObject();
            });
            return;
        }

        Table(page.Items);
        console.Note(page.NextCursor is { } next
            ? $"{page.Items.Count} customer(s); more with --cursor {next}"
            : $"{page.Items.Count} customer(s); no more pages.");
    }

    private void Table(IReadOnlyList<Customer> customers)
    {
        string[] header = ["ID", "NAME", "EMAIL", "STATUS", "ENDORSEMENTS", "CREATED"];
        var rows = customers.Select(c => new[]
        {
            c.Id,
            string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrEmpty(n))),
            c.Email ?? string.Empty,
            c.RawStatus ?? string.Empty,
            string.Join(", ", c.Endorsements.Select(e => $"{e.RawName} {e.RawStatus}".Trim())),
            c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Format(string[] cells) => string.Join("  ", cells.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd();
        console.Line(Format(header));
        foreach (var row in rows)
        {
            console.Line(Format(row));
        }
    }

    private void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        console.Line(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteCustomer(Utf8JsonWriter writer, Customer customer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", customer.Id);
        writer.WriteString("type", customer.RawType);
        writer.WriteString("firstName", customer.FirstName);
        writer.WriteString("middleName", customer.MiddleName);
        writer.WriteString("lastName", customer.LastName);
        writer.WriteString("email", customer.Email);
        writer.WriteString("phone", customer.Phone);
        writer.WriteString("nationality", customer.Nationality);
        writer.WriteString("externalId", customer.ExternalId);
        writer.WriteString("status", customer.RawStatus);
        writer.WriteStartArray("endorsements");
        foreach (var endorsement in customer.Endorsements)
        {
            writer.WriteStartObject();
            writer.WriteString("name", endorsement.RawName);
            writer.WriteString("status", endorsement.RawStatus);
            writer.WriteStartArray("rejectionReasons");
            foreach (var reason in endorsement.RejectionReasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in customer.Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteString("createdAt", customer.CreatedAt);
        writer.WriteString("updatedAt", customer.UpdatedAt);
        writer.WriteEndObject();
    }
}
