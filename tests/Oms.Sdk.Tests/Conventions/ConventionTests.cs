using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Conventions;

/// <summary>
/// Rules of the code base that a reviewer should not have to remember (in the manner of Octokit's convention tests):
/// where a type lives, what a call hands back, how async methods end and how exceptions are built.
/// </summary>
public sealed partial class ConventionTests
{
    /// <summary>The assemblies of the shipped packages.</summary>
    public static IEnumerable<Assembly> PackageAssemblies =>
    [
        typeof(IOmsClient).Assembly,
        typeof(Microsoft.AspNetCore.Builder.OmsWebhookEndpointRouteBuilderExtensions).Assembly,
        typeof(Microsoft.Extensions.DependencyInjection.OmsWebhookRedisInboxServiceCollectionExtensions).Assembly,
        typeof(FakeOmsServer).Assembly,
    ];

    private static IEnumerable<Type> PublicTypes => PackageAssemblies.SelectMany(a => a.GetExportedTypes());

    [Fact]
    public void Every_source_file_of_a_package_declares_at_most_one_public_type_and_is_named_for_it()
    {
        var sources = SourceFiles(Path.Combine(RepositoryPaths.Root, "src")).ToList();
        Assert.True(sources.Count > 50, $"{sources.Count} source files under src/");

        var problems = new List<string>();
        foreach (var path in sources)
        {
            var names = PublicTopLevelType().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value).ToList();
            var file = Path.GetFileName(path).Split('.')[0];
            var relative = Path.GetRelativePath(RepositoryPaths.Root, path);
            if (names.Count > 1)
            {
                problems.Add($"{relative} declares {names.Count} public types: {string.Join(", ", names)}");
            }
            else if (names.Count == 1 && names[0] != file)
            {
                problems.Add($"{relative} declares public type {names[0]}: name the file {names[0]}.cs");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_source_file_is_in_the_namespace_of_its_folder()
    {
        // The namespace of a file is its project's RootNamespace followed by its folders. The exceptions, each for a
        // reason: extension classes live where their receiver's users look (Microsoft.Extensions.DependencyInjection,
        // Microsoft.AspNetCore.Builder), and the .NET Framework stand-ins in Polyfills/NetFramework declare the System.*
        // namespace of the type they stand in for, so that code written against .NET 10 compiles unchanged.
        var src = Path.Combine(RepositoryPaths.Root, "src");
        var problems = new List<string>();
        var checkedFiles = 0;
        foreach (var project in Directory.EnumerateDirectories(src))
        {
            var root = RootNamespaceOf(project);
            foreach (var path in SourceFiles(project))
            {
                var relative = Path.GetRelativePath(project, path);
                var folder = Path.GetDirectoryName(relative) ?? "";
                var expected = folder.Length == 0
                    ? root
                    : root + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = FileScopedNamespace().Match(File.ReadAllText(path)) is { Success: true } m
                    ? m.Groups["ns"].Value
                    : "(none)";
                checkedFiles++;
                if (declared == expected
                    || (Path.GetFileNameWithoutExtension(path).EndsWith("Extensions", StringComparison.Ordinal)
                        && declared is "Microsoft.Extensions.DependencyInjection" or "Microsoft.AspNetCore.Builder")
                    || (folder == Path.Combine("Polyfills", "NetFramework") && declared.StartsWith("System", StringComparison.Ordinal)))
                {
                    continue;
                }

                problems.Add($"src/{Path.GetRelativePath(src, path)} declares namespace {declared}: expected {expected} (or move the file)");
            }
        }

        Assert.True(checkedFiles > 100, $"{checkedFiles} source files checked");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string RootNamespaceOf(string projectDirectory)
    {
        // src/Shared holds sources linked into the packages under Oms.Sdk's namespaces; it has no project of its own.
        var project = Directory.EnumerateFiles(projectDirectory, "*.csproj").SingleOrDefault();
        if (project is null)
        {
            return "Oms.Sdk";
        }

        var match = Regex.Match(File.ReadAllText(project), "<RootNamespace>(?<ns>[^<]+)</RootNamespace>");
        return match.Success ? match.Groups["ns"].Value : Path.GetFileNameWithoutExtension(project);
    }

    /// <summary>The C# files under <paramref name="directory"/>, build output (<c>bin</c>, <c>obj</c>) left out.</summary>
    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void What_a_customers_call_returns_is_immutable_with_read_only_collections()
    {
        var models = new HashSet<Type>();
        foreach (var method in typeof(ICustomersClient).GetMethods())
        {
            CollectModels(method.ReturnType, models);
        }

        foreach (var type in PublicTypes.Where(t => t.IsSubclassOf(typeof(OmsWebhookEvent))))
        {
            CollectModels(type, models);
        }

        Assert.Contains(typeof(Customer), models);
        Assert.Contains(typeof(CustomerPage), models);
        Assert.Contains(typeof(Wallet), models);
        Assert.Contains(typeof(CustomerEndorsementGrantedEvent), models);

        var problems = new List<string>();
        foreach (var type in models)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                {
                    problems.Add($"{type.Name}.{property.Name} has a public setter");
                }

                if (IsMutableCollection(property.PropertyType))
                {
                    problems.Add($"{type.Name}.{property.Name} is a mutable collection ({property.PropertyType.Name}): expose a read-only interface");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_public_async_method_takes_a_cancellation_token_last()
    {
        var problems = new List<string>();
        var checkedMethods = 0;
        foreach (var type in PublicTypes)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!IsAsync(method.ReturnType) || method.IsSpecialName || method.Name == nameof(IAsyncDisposable.DisposeAsync))
                {
                    continue;
                }

                checkedMethods++;
                var parameters = method.GetParameters();
                if (parameters.Length == 0 || parameters[^1].ParameterType != typeof(CancellationToken))
                {
                    problems.Add($"{type.Name}.{method.Name}({string.Join(", ", parameters.Select(p => p.ParameterType.Name))})");
                }
            }
        }

        Assert.True(checkedMethods > 10, $"{checkedMethods} async methods found");
        Assert.True(problems.Count == 0, "Public async methods without a CancellationToken as their last parameter:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Exceptions_are_built_once_their_properties_have_no_setter()
    {
        var exceptions = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(OmsNotFoundException), exceptions);

        var problems = exceptions
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => (t, p)))
            .Where(x => x.p.GetSetMethod(nonPublic: true) is not null)
            .Select(x => $"{x.t.Name}.{x.p.Name} has a setter")
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Public_types_are_sealed_unless_built_for_inheritance()
    {
        var open = PublicTypes
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !(t.IsAbstract && t.IsSealed))
            .Where(t => !PublicTypes.Any(other => other.BaseType == t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(open.Count == 0, "Unsealed public classes nothing derives from: " + string.Join(", ", open));
    }

    private static void CollectModels(Type type, HashSet<Type> models)
    {
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                CollectModels(argument, models);
            }

            if (!PackageAssemblies.Contains(type.Assembly))
            {
                return;
            }

            type = type.GetGenericTypeDefinition();
        }

        if (!PackageAssemblies.Contains(type.Assembly) || type.IsEnum || !models.Add(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            CollectModels(property.PropertyType, models);
        }
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsMutableCollection(Type type)
    {
        if (type.IsArray)
        {
            return true;
        }

        if (!type.IsGenericType || type == typeof(string))
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(Dictionary<,>) || definition == typeof(IList<>)
            || definition == typeof(IDictionary<,>) || definition == typeof(ICollection<>) || definition == typeof(HashSet<>)
            || definition == typeof(ISet<>);
    }

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)
            || type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)));

    [GeneratedRegex(@"^namespace\s+(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"^public\s+(?:(?:sealed|static|abstract|readonly|partial|record|unsafe|ref)\s+)*(?:class|struct|interface|enum|record|delegate)\s+(?:[\w<>\[\],.? ]+\s+)??(?<name>[A-Za-z_]\w*)(?=[\s<(:{;]|$)", RegexOptions.Multiline)]
    private static partial Regex PublicTopLevelType();
}
