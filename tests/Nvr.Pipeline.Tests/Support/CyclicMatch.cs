namespace Nvr.Pipeline.Tests.Support;

/// <summary>Asserts that items appear in a looped reference consecutively (the server loops the clip forever).</summary>
public static class CyclicMatch
{
    public static void AssertConsecutive(IReadOnlyList<byte[]> reference, IReadOnlyList<byte[]> actual, string what)
    {
        Assert.NotEmpty(actual);
        var start = -1;
        for (var i = 0; i < reference.Count; i++)
        {
            if (reference[i].AsSpan().SequenceEqual(actual[0]))
            {
                start = i;
                break;
            }
        }

        Assert.True(start >= 0, $"{what}: the first received unit ({actual[0].Length} bytes) is not in the reference");
        for (var k = 0; k < actual.Count; k++)
        {
            var expected = reference[(start + k) % reference.Count];
            Assert.True(expected.AsSpan().SequenceEqual(actual[k]), $"{what}: unit {k} differs from reference unit {(start + k) % reference.Count} ({actual[k].Length} vs {expected.Length} bytes)");
        }
    }
}
