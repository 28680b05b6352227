namespace Oms.Sdk.Tool;

/// <summary>The exit codes of every <c>oms</c> command, in one place; docs/developing-locally.md lists them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked: the delivery verified, the receiver acknowledged, the call succeeded, the fake stopped cleanly.</summary>
    public const int Success = 0;

    /// <summary>The command ran but the outcome is a failure: OMS answered with an error, the delivery does not verify, the receiver never acknowledged.</summary>
    public const int Failure = 1;

    /// <summary>The command could not run as given: an unknown command or option, a bad value, a missing setting or an unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C or SIGTERM) before it finished; <c>oms fake</c> stops with <see cref="Success"/> instead, as stopping is how it ends.</summary>
    public const int Interrupted = 130;
}
