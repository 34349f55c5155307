// Reloading the list when the host says it changed. Changes arrive while a reload is under way (another
// browser writing, an import in parts): that reload may have read the database before the change, so one more
// reload runs after it; any number of requests meanwhile cost only that one.

/**
 * @param {() => Promise<void>} load reads the list and stores it; must not throw
 * @param {() => Promise<void>} [after] runs once the list is up to date (tells the open views)
 * @returns {() => Promise<void>} request a reload; resolves when the list is as new as the request
 */
export function createRefresher(load, after = async () => {}) {
  let running = null;
  let again = false;
  return function refresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = null;
      }
      await after();
    })();
    return running;
  };
}
