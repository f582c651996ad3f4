/**
 * The simulator in scripted mode runs on the virtual clock: a test can go
 * for seconds on promises alone, without one turn of Node's event loop.
 * Vitest's worker only reads the main process's replies to its progress
 * reports on such a turn, and gives up on a reply after 60 s ("Timeout
 * calling onTaskUpdate"), which with `isolate: false` (one long run per
 * worker) a stretch of such tests reached. One turn after every test keeps
 * that channel read.
 */
import { afterEach } from "vitest";

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
