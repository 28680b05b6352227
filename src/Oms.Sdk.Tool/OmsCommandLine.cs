using System.CommandLine;
using Oms.Sdk.Tool.Console;
using Oms.Sdk.Tool.Customers;
using Oms.Sdk.Tool.Fake;
using Oms.Sdk.Tool.Trigger;
using Oms.Sdk.Tool.Verify;

namespace Oms.Sdk.Tool;

/// <summary>The <c>oms</c> command tree (System.CommandLine): each command is built by its own class; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
internal static class OmsCommandLine
{
    /// <summary>Turns colour off whatever the terminal; <c>NO_COLOR</c> does the same.</summary>
    public static readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "Never colour the output (also off when NO_COLOR is set or the output is redirected).",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "oms: work with OMS (Polygon Labs' Open Money Stack) locally. Run the fake OMS, send signed test webhooks, "
            + "explain why a webhook delivery does not verify, and get, list or create customers.\n\n"
            + "Exit codes: 0 success; 1 failed (an OMS error, an invalid delivery, a receiver that never acknowledged); "
            + "2 usage (a bad option or value, a missing setting, an unreadable file); 130 interrupted.")
        {
            FakeCommand.Create(),
            TriggerCommand.Create(),
            VerifyCommand.Create(),
            CustomersCommand.Create(),
        };
        root.Options.Add(NoColor);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            var console = ToolConsole.ForProcess(parsed.GetValue(NoColor));
            foreach (var error in parsed.Errors)
            {
                console.Error(error.Message);
            }

            console.Note($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true }).ConfigureAwait(false);
    }

    /// <summary>The console for a command's run, honouring <c>--no-color</c>.</summary>
    public static ToolConsole Console(ParseResult parsed) => ToolConsole.ForProcess(parsed.GetValue(NoColor));

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "oms" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
