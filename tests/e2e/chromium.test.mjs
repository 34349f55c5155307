// End to end in headless Debian chromium: see lib/suite.mjs.
import { defineBrowserSuite } from './lib/suite.mjs';

defineBrowserSuite('chromium');
