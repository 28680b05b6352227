using System.Collections.Concurrent;
using Oms.Sdk.Engine;

namespace Oms.Sdk.Tests.Engine;

/// <summary>
/// The keys the SDK makes for a create or an update when the caller gives none: random version 4 UUIDs, made from
/// secure random bytes fetched <see cref="OmsIdempotencyKey.KeysPerRefill"/> keys at a time per thread.
/// </summary>
public sealed class OmsIdempotencyKeyTests
{
    [Fact]
    public void A_made_key_is_a_version_4_uuid_across_several_refills()
    {
        var keys = Enumerable.Range(0, (OmsIdempotencyKey.KeysPerRefill * 3) + 5).Select(_ => OmsIdempotencyKey.ValidateOrCreate(null)).ToList();

        Assert.All(keys, key =>
        {
            Assert.True(Guid.TryParseExact(key, "D", out _), key);
            Assert.Equal('4', key[14]);
            Assert.Contains(key[19], "89ab");
        });
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_random_digit_of_the_made_keys_varies()
    {
        var keys = Enumerable.Range(0, 1_000).Select(_ => OmsIdempotencyKey.ValidateOrCreate(null)).ToList();

        // Positions 8, 13, 18, 23 are dashes, 14 the version; 19 holds two random bits (four values).
        for (var i = 0; i < 36; i++)
        {
            if (i is 8 or 13 or 14 or 18 or 23)
            {
                continue;
            }

            var seen = keys.Select(k => k[i]).Distinct().Count();
            Assert.True(seen >= (i == 19 ? 4 : 12), $"position {i} took {seen} values over 1,000 keys");
        }
    }

    [Fact]
    public async Task Keys_made_on_many_threads_at_once_are_all_different()
    {
        var keys = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_500; i++)
            {
                keys.Add(OmsIdempotencyKey.ValidateOrCreate(null));
            }
        })));

        Assert.Equal(20_000, keys.Count);
        Assert.Equal(20_000, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_callers_key_is_kept_as_given_and_a_bad_one_refused()
    {
        Assert.Equal("order-42", OmsIdempotencyKey.ValidateOrCreate("order-42"));
        Assert.Throws<ArgumentException>(() => OmsIdempotencyKey.ValidateOrCreate(" "));
        Assert.Throws<ArgumentException>(() => OmsIdempotencyKey.ValidateOrCreate("has space"));
        Assert.Throws<ArgumentException>(() => OmsIdempotencyKey.ValidateOrCreate(new string('k', OmsIdempotencyKey.MaxLength + 1)));
    }
}
