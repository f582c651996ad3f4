/**
 * `kubectl get` against what the real kubectl printed for the same cluster
 * (golden.json): table layout, decorations, every output format, messages
 * and exit codes.
 */
import { goldenSuite } from "../printers/golden.js";

goldenSuite("kubectl get matches the real kubectl", new URL("./golden.json", import.meta.url));
