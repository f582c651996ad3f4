/**
 * The `kubectl events` invocations whose output the real kubectl recorded
 * (golden.json). They read the decade-old events of the `history`
 * namespace, whose ages the wall clock and the virtual clock agree on.
 */
export const EVENTS_GOLDEN_COMMANDS: string[][] = [
  ["events", "-n", "history"],
  ["events", "-n", "history", "--no-headers"],
  ["events", "-n", "history", "--types=Warning"],
  ["events", "-n", "history", "--types", "normal,WARNING"],
  ["events", "-n", "history", "--types", "Bad"],
  ["events", "-n", "history", "--for", "pod/web"],
  ["events", "-n", "history", "--for", "deploy/web"],
  ["events", "-n", "history", "--for", "svc/web"],
  ["events", "-n", "history", "--for", "web"],
  ["events", "-n", "history", "--for", "nosuch/web"],
  ["events", "-n", "history", "-o", "name"],
  ["events", "-n", "history", "-o", "yaml"],
  ["events", "-n", "history", "-o", "json", "--types", "Warning"],
  ["events", "-n", "history", "-o", "jsonpath={.items[*].reason}"],
  ["events", "-n", "history", "-o", "wide"],
  ["events", "-n", "history", "-w"],
  ["events", "-n", "history", "-w", "--types", "Warning", "-o", "name"],
  ["events", "-n", "nothing-here"],
  ["events", "extra-arg", "-n", "history"],
];
