/**
 * `kubectl events` against what the real kubectl printed for the same
 * events (golden.json): sorting, LAST SEEN intervals, --for, --types,
 * output formats, messages and exit codes.
 */
import { goldenSuite } from "../printers/golden.js";

goldenSuite("kubectl events matches the real kubectl", new URL("./golden.json", import.meta.url));
