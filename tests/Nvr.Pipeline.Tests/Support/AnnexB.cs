namespace Nvr.Pipeline.Tests.Support;

/// <summary>Splits an Annex B byte stream at 3- and 4-byte start codes.</summary>
public static class AnnexB
{
    public static List<byte[]> Split(byte[] data)
    {
        var nals = new List<byte[]>();
        var start = -1;
        var i = 0;
        while (i + 3 <= data.Length)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                if (start >= 0)
                {
                    var end = i;
                    if (end > start && data[end - 1] == 0)
                    {
                        end--;
                    }

                    nals.Add(data[start..end]);
                }

                i += 3;
                start = i;
                continue;
            }

            i++;
        }

        if (start >= 0 && start < data.Length)
        {
            nals.Add(data[start..]);
        }

        return nals;
    }
}
