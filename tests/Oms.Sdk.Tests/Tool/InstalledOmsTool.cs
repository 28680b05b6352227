using System.Runtime.InteropServices;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Tool;

/// <summary>The tool tests share one installed <c>oms</c>: packed and installed once per run by <see cref="InstalledOmsTool"/>.</summary>
[CollectionDefinition]
public sealed class OmsToolCollection : ICollectionFixture<InstalledOmsTool>;

/// <summary>
/// Packs <c>src/Oms.Sdk.Tool</c> into a fresh folder (bin and obj there too, so the checkout is untouched) with a version
/// no earlier run used, installs it with <c>dotnet tool install --tool-path</c> from that folder, as a user would, and
/// runs the installed <c>oms</c> as a process.
/// </summary>
public sealed class InstalledOmsTool : IAsyncLifetime
{
    private DirectoryInfo? _work;

    /// <summary>The installed command (the tool path's <c>oms</c>).</summary>
    public string Executable { get; private set; } = string.Empty;

    /// <summary>The version packed and installed.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The installed tool's environment: the runtime it runs on, no account settings, no colour preference.</summary>
    public static Dictionary<string, string?> Environment() => new()
    {
        // The tool's launcher finds the runtime the tests run on.
        // The tool is a .NET 10 app: the .NET this test runs on, unless it runs self-contained (the net8.0 leg), whose
        // runner says where .NET 10 is in DOTNET_ROOT.
        ["DOTNET_ROOT"] = System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            ? root
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
        ["OMS_API_KEY"] = null,
        ["OMS_API_SECRET"] = null,
        ["OMS_BASE_URL"] = null,
        ["NO_COLOR"] = null,
    };

    public async ValueTask InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("oms-tool-test-");
        var packages = Directory.CreateDirectory(Path.Combine(_work.FullName, "packages")).FullName;
        var suffix = $"tooltest.{DateTime.UtcNow:yyyyMMddHHmmss}.{System.Environment.ProcessId}";
        var pack = await DotnetAsync(
            RepositoryPaths.Root,
            TimeSpan.FromMinutes(6),
            "pack", Path.Combine(RepositoryPaths.Root, "src", "Oms.Sdk.Tool", "Oms.Sdk.Tool.csproj"), "-c", "Release", "-nodeReuse:false",
            "-o", packages, "--artifacts-path", Path.Combine(_work.FullName, "artifacts"), "--version-suffix", suffix);
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing the tool failed: " + pack);
        }

        var package = Directory.GetFiles(packages, "Oms.Sdk.Tool.*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(package)["Oms.Sdk.Tool.".Length..];
        var tools = Path.Combine(_work.FullName, "tools");
        var install = await DotnetAsync(_work.FullName, TimeSpan.FromMinutes(3), "tool", "install", "--tool-path", tools, "--add-source", packages, "Oms.Sdk.Tool", "--version", Version);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("Installing the tool failed: " + install);
        }

        Executable = Path.Combine(tools, OperatingSystem.IsWindows() ? "oms.exe" : "oms");
        TestContext.Current.SendDiagnosticMessage($"oms {Version}: pack {pack.Elapsed.TotalSeconds:0.0} s, install {install.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Runs <c>oms</c> with these arguments to its end (at most a minute) and returns its exit code and output.</summary>
    internal Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = Environment();
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(Executable, arguments, _work!.FullName, TimeSpan.FromMinutes(1), variables, TestContext.Current.CancellationToken);
    }

    /// <summary>Starts <c>oms fake --json</c> (plus <paramref name="arguments"/>) and reads the addresses it prints.</summary>
    public Task<OmsFakeProcess> StartFakeAsync(params string[] arguments) =>
        OmsFakeProcess.StartAsync(Executable, arguments, Environment(), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _work?.Delete(recursive: true);
        if (Version.Length > 0)
        {
            // The install extracted this one-off version into the NuGet cache; nothing will use it again.
            var cached = Path.Combine(NuGetCache(), "oms.sdk.tool", Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string NuGetCache() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, timeout, ProcessRunner.DotnetEnvironment, TestContext.Current.CancellationToken);
}
