namespace SwitchRole.Network.Aws;

/// <summary>
/// The SDK's endpoint overrides, for the clients written here by hand: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c>. An override must be https, or http on loopback (tests): requests carry signatures and tokens.
/// </summary>
internal static class AwsEndpointOverride
{
    public static Uri? For(string serviceVariable, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        foreach (var variable in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
        {
            if (getEnvironmentVariable(variable) is not { } text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
                || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
                || !string.IsNullOrEmpty(url.Query))
            {
                throw new StsException(StsFailureKind.Other,
                    $"{variable} must be an https URL (or http on loopback) without a query; unset it to use AWS's endpoint.");
            }

            return url;
        }

        return null;
    }
}
