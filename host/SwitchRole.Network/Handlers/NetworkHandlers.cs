using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;
using SwitchRole.Network.Aws;

namespace SwitchRole.Network.Handlers;

/// <summary>
/// The handlers of the network actions, run in <c>switchrole worker</c>. A new <c>aws.*</c> or <c>sso.*</c> action is
/// registered here (and its name added to Core's <c>NetworkActions.Names</c> so <c>hello</c> lists it); the
/// browser-started host relays it without knowing more.
/// </summary>
public static class NetworkHandlers
{
    public static IReadOnlyList<IRequestHandler> Create(HostSession session, AwsServices aws) =>
    [
        new AwsCheckHandler(session, aws),
        new AwsSigninUrlHandler(aws),
        new SsoAccountsHandler(aws),
        new SsoSessionsHandler(aws),
        new SsoSigninUrlHandler(aws),
    ];
}
