using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SwitchRole.Core.Model;

namespace SwitchRole.Network.Aws;

/// <summary>The two IAM policies a cross-account switch-role setup needs, as JSON ready to paste.</summary>
public static partial class PolicyDocuments
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>
    /// The target role's trust policy: the base account's principals may assume it, optionally only with MFA
    /// and only with the given external id.
    /// </summary>
    public static string TrustPolicy(AwsPartition partition, string baseAccountId, bool requireMfa, string? externalId)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Write(writer =>
        {
            writer.WriteString("Version", "2012-10-17");
            writer.WriteStartArray("Statement");
            writer.WriteStartObject();
            writer.WriteString("Sid", "SwitchRoleFromBaseAccount");
            writer.WriteString("Effect", "Allow");
            writer.WriteStartObject("Principal");
            writer.WriteString("AWS", partition.AccountRootArn(baseAccountId));
            writer.WriteEndObject();
            writer.WriteString("Action", "sts:AssumeRole");
            if (requireMfa || externalId is not null)
            {
                writer.WriteStartObject("Condition");
                if (requireMfa)
                {
                    writer.WriteStartObject("Bool");
                    writer.WriteString("aws:MultiFactorAuthPresent", "true");
                    writer.WriteEndObject();
                }

                if (externalId is not null)
                {
                    writer.WriteStartObject("StringEquals");
                    writer.WriteString("sts:ExternalId", externalId);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        });
    }

    /// <summary>The base account's identity policy (for the group whose members switch): sts:AssumeRole on exactly these role ARNs.</summary>
    public static string AssumeRolePolicy(IReadOnlyCollection<string> roleArns)
    {
        ArgumentNullException.ThrowIfNull(roleArns);
        if (roleArns.Count == 0)
        {
            throw new ArgumentException("At least one role ARN is needed.", nameof(roleArns));
        }

        return Write(writer =>
        {
            writer.WriteString("Version", "2012-10-17");
            writer.WriteStartArray("Statement");
            writer.WriteStartObject();
            writer.WriteString("Sid", "SwitchRoleAssumeListedRoles");
            writer.WriteString("Effect", "Allow");
            writer.WriteString("Action", "sts:AssumeRole");
            writer.WriteStartArray("Resource");
            foreach (var arn in roleArns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(arn);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
    }

    /// <summary>An external id as IAM accepts it: 2 to 1224 characters of letters, digits and <c>+=,.@:/-_</c>.</summary>
    public static string NormalizeExternalId(string? value, string field = "externalId")
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ValidationException(field, "is empty");
        }

        return ExternalIdPattern().IsMatch(text)
            ? text
            : throw new ValidationException(field, "must be 2 to 1224 characters of letters, digits and +=,.@:/-_");
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();
}
