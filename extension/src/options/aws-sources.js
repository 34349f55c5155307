// "From AWS Organizations" on the options page: profile and role name become an Organizations source location, added
// through the page's own team-source form (sources.js), so the same host request, status line and list refresh apply.
import { organizationsLocation } from '../lib/aws-source-location.js';
import { $, setStatus } from './view.js';

export function wireAwsSources() {
  const form = $('swr-org-form');
  if (!form) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const result = organizationsLocation({
      role: $('swr-org-role').value,
      profile: $('swr-org-profile').value,
      groupByOu: $('swr-org-group').checked,
    });
    if (result.error) {
      setStatus($('swr-source-status'), result.error, 'error');
      return;
    }
    $('swr-source-name').value = $('swr-org-name').value.trim() || 'organization';
    $('swr-source-location').value = result.location;
    $('swr-source-form').requestSubmit();
  });
}
