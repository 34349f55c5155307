// Reading and driving the SwitchRole section of a (fake) console page, through its open shadow root.
export const MENU_BUTTON = '[data-testid="awsc-nav-account-menu-button"]';

/** Clicks the console's account menu button and waits until the SwitchRole section is in the menu. */
export async function openAccountMenu(page) {
  await page.waitForSelector(MENU_BUTTON);
  await page.click(MENU_BUTTON);
  await page.waitForSelector('#menu--account #swr-menu-host', { timeout: 15000 });
}

export function menuState(page) {
  return page.evaluate(() => {
    const root = document.querySelector('#swr-menu-host')?.shadowRoot;
    if (!root) return null;
    const banner = root.querySelector('#swr-banner');
    const error = root.querySelector('#swr-error');
    const empty = root.querySelector('#swr-empty');
    return {
      rows: [...root.querySelectorAll('.swr-row')]
        .sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row))
        .map((r) => ({
          name: r.querySelector('.swr-name').textContent,
          meta: r.querySelector('.swr-meta').textContent,
          accountId: r.dataset.accountId,
          roleName: r.dataset.roleName,
          current: r.classList.contains('swr-current'),
          swatch: r.querySelector('.swr-swatch').style.backgroundColor,
        })),
      banner: banner.hidden ? null : banner.textContent,
      error: error.hidden ? null : error.textContent,
      empty: empty.hidden ? null : empty.textContent,
      count: root.querySelector('#swr-count').textContent,
      elementCount: root.querySelectorAll('*').length,
      imgs: root.querySelectorAll('img').length,
    };
  });
}

export async function typeSearch(page, text) {
  const input = await page.$('#swr-menu-host >>> #swr-search');
  await input.click({ count: 3 });
  await input.type(text);
}

/** Clicks the row for (accountId, roleName). */
export async function clickRole(page, accountId, roleName) {
  const row = await page.waitForSelector(`#swr-menu-host >>> .swr-row[data-account-id="${accountId}"][data-role-name="${roleName}"]`);
  await row.click();
}

/** Waits until the menu shows a row for every [accountId, roleName] given; returns the menu state. */
export async function waitForRows(page, keys, timeout = 15000) {
  await page.waitForFunction((ks) => {
    const root = document.querySelector('#swr-menu-host')?.shadowRoot;
    return root && ks.every(([a, r]) => root.querySelector(`.swr-row[data-account-id="${a}"][data-role-name="${r}"]`));
  }, { timeout }, keys);
  return menuState(page);
}
