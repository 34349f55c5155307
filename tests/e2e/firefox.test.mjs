// End to end in headless Debian firefox-esr: see lib/suite.mjs.
import { defineBrowserSuite } from './lib/suite.mjs';

defineBrowserSuite('firefox');
