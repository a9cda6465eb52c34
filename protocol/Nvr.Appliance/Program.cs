namespace Nvr.Appliance;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("nvr appliance: host under construction");
        return 0;
    }
}
