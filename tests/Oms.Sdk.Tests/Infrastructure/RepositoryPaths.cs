namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>Where things are in the checkout the tests run from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that holds <c>Oms.Sdk.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built in (<c>Debug</c> or <c>Release</c>), read from the output path.</summary>
    public static string Configuration { get; } = FindConfiguration();

    /// <summary>The built assembly of a project of the solution, in its own output folder (with its own dependencies).</summary>
    public static string Output(string projectFolder, string assemblyName) =>
        Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");

    /// <summary>The folder below <c>bin</c>: bin/Debug/net10.0/, or bin/Debug/net8.0/linux-x64/ for the self-contained leg.</summary>
    private static string FindConfiguration()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); directory.Parent is { } parent; directory = parent)
        {
            if (parent.Name == "bin")
            {
                return directory.Name;
            }
        }

        throw new InvalidOperationException($"No bin folder above {AppContext.BaseDirectory}.");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Oms.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Oms.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
