namespace Oms.Sdk.Tool;

/// <summary>The <c>oms</c> entry point. A class, not top-level statements, so that nothing of the tool is public.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => OmsCommandLine.RunAsync(args);
}
