// "From AWS Organizations" on the options page: profile and role name become an Organizations source location, added
// through the page's own team-source form (so the same host request, status line and list refresh apply).
import { organizationsLocation } from '../lib/aws-source-location.js';

function wireOrganizationsForm() {
  const form = document.getElementById('swr-org-form');
  if (!form) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const status = document.getElementById('swr-source-status');
    const result = organizationsLocation({
      role: document.getElementById('swr-org-role').value,
      profile: document.getElementById('swr-org-profile').value,
      groupByOu: document.getElementById('swr-org-group').checked,
    });
    if (result.error) {
      status.textContent = result.error;
      status.dataset.kind = 'error';
      return;
    }
    document.getElementById('swr-source-name').value = document.getElementById('swr-org-name').value.trim() || 'organization';
    document.getElementById('swr-source-location').value = result.location;
    document.getElementById('swr-source-form').requestSubmit();
  });
}

wireOrganizationsForm();
