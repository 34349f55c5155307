// The location strings of the AWS team-source kinds, as the host stores them (host/PROTOCOL.md, "The source object"):
// organizations:role=NAME[;profile=P][;group-by=ou] and s3://bucket/key[?profile=P]. Validated here only so the form
// can say what is wrong before asking the host; the host validates again.

const ROLE = /^(?:[\w+=,.@-]{1,64}\/)*[\w+=,.@-]{1,64}$/;
const PROFILE = /^[A-Za-z0-9._@+-]{1,64}$/;

/** { location } or { error } for an Organizations source of `role`, read with `profile` (optional). */
export function organizationsLocation({ role, profile, groupByOu }) {
  const r = String(role ?? '').trim();
  const p = String(profile ?? '').trim();
  if (!r) return { error: 'Role name is required: the role to switch to in every account.' };
  if (r.length > 64 || !ROLE.test(r)) return { error: `"${r}" is not an IAM role name (letters, digits and +=,.@_-, with an optional path).` };
  if (p && !PROFILE.test(p)) return { error: `"${p}" is not an AWS profile name.` };
  return { location: `organizations:role=${r}${p ? `;profile=${p}` : ''}${groupByOu ? ';group-by=ou' : ''}` };
}
