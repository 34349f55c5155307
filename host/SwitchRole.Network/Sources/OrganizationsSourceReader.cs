using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Organizations;

namespace SwitchRole.Network.Sources;

/// <summary>
/// Reads an organization as a catalogue: ListAccounts (and the OU paths when grouped) with the credentials of the
/// profile, turned into a SwitchRole JSON document. Shared by <c>discover organizations</c> and the Organizations
/// source kind, so both give the same entries.
/// </summary>
public static class OrganizationsSourceReader
{
    public static async Task<byte[]> ReadAsync(string roleName, bool groupByOu, StsGatewayOptions gatewayOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        using var sts = new SdkStsGateway(gatewayOptions);
        var (endpoint, signingRegion) = OrganizationsClient.EndpointFor(sts.Region, gatewayOptions.GetEnvironmentVariable);
        var client = new OrganizationsClient(AwsServices.SharedHttp.Value, sts.Credentials, endpoint, signingRegion, gatewayOptions.MaxAttempts, gatewayOptions.RetryBaseDelay);
        var accounts = await client.ListAccountsAsync(groupByOu, cancellationToken).ConfigureAwait(false);
        return OrganizationCatalogue.ToDocument(accounts, roleName, groupByOu);
    }

    /// <summary>The source kind's read: failures become a sentence (the syncer keeps the last good entries).</summary>
    public static async Task<FetchOutcome> FetchAsync(string location, StsGatewayOptions gatewayOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        var (role, profile, groupByOu) = AwsSourceLocation.ParseOrganizations(location);
        try
        {
            var bytes = await ReadAsync(role, groupByOu, gatewayOptions with { Profile = profile ?? gatewayOptions.Profile }, cancellationToken).ConfigureAwait(false);
            return new FetchOutcome(FetchStatus.Fetched, FetchedContent.Of(bytes), null);
        }
        catch (StsException ex)
        {
            return FetchOutcome.Fail($"AWS Organizations{(profile is null ? string.Empty : $" (profile {profile})")}: {ex.Message}");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StsErrorClassifier.IsAwsOrNetwork(ex))
        {
            return FetchOutcome.Fail($"AWS Organizations: {StsErrorClassifier.Classify(ex, null, "AWS Organizations").Message}");
        }
    }
}
