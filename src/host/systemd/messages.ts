/**
 * The ids and catalog texts of systemd's unit messages (sd-messages.h,
 * catalog/systemd.catalog.in, v255), for `journalctl -x`. Ubuntu's build
 * sets the support URL below.
 */

export const MESSAGE = {
  UNIT_STARTING: "7d4958e842da4a758f6c1cdc7b36dcc5",
  UNIT_STARTED: "39f53479d3a045ac8e11786248231fbf",
  UNIT_FAILED: "be02cf6855d2428ba40df7e9d022f03d",
  UNIT_STOPPING: "de5b426a63be47a7b6ac3eaac82e2f6f",
  UNIT_STOPPED: "9d1aaa27d60140bd96365438aad20286",
  UNIT_RESTART_SCHEDULED: "5eb03494b6584870a536b337290809b3",
  UNIT_RESOURCES: "ae8f7b866b0347b9af31fe1c80b127c0",
  UNIT_SUCCESS: "7ad2d189f7e94e70a38c781354912448",
  UNIT_FAILURE_RESULT: "d9b373ed55a64feb8242e02dbe79a49c",
  UNIT_PROCESS_EXIT: "98e322203f7a4ed290d09fe03c09fe15",
  SPAWN_FAILED: "641257651c1b4ec9a8624d7a40a9e1e7",
} as const;

const SUPPORT_URL = "http://www.ubuntu.com/support";

const CATALOG: Record<string, string> = {
  [MESSAGE.UNIT_STARTING]: "Subject: A start job for unit @UNIT@ has begun execution\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nA start job for unit @UNIT@ has begun execution.\n\nThe job identifier is @JOB_ID@.",
  [MESSAGE.UNIT_STARTED]: "Subject: A start job for unit @UNIT@ has finished successfully\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nA start job for unit @UNIT@ has finished successfully.\n\nThe job identifier is @JOB_ID@.",
  [MESSAGE.UNIT_FAILED]: "Subject: A start job for unit @UNIT@ has failed\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nA start job for unit @UNIT@ has finished with a failure.\n\nThe job identifier is @JOB_ID@ and the job result is @JOB_RESULT@.",
  [MESSAGE.UNIT_STOPPING]: "Subject: A stop job for unit @UNIT@ has begun execution\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nA stop job for unit @UNIT@ has begun execution.\n\nThe job identifier is @JOB_ID@.",
  [MESSAGE.UNIT_STOPPED]: "Subject: A stop job for unit @UNIT@ has finished\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nA stop job for unit @UNIT@ has finished.\n\nThe job identifier is @JOB_ID@ and the job result is @JOB_RESULT@.",
  [MESSAGE.SPAWN_FAILED]: "Subject: Process @EXECUTABLE@ could not be executed\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nThe process @EXECUTABLE@ could not be executed and failed.\n\nThe error number returned by this process is @ERRNO@.",
  [MESSAGE.UNIT_RESTART_SCHEDULED]: "Subject: Automatic restarting of a unit has been scheduled\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nAutomatic restarting of the unit @UNIT@ has been scheduled, as the result for\nthe configured Restart= setting for the unit.",
  [MESSAGE.UNIT_RESOURCES]: "Subject: Resources consumed by unit runtime\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nThe unit @UNIT@ completed and consumed the indicated resources.",
  [MESSAGE.UNIT_SUCCESS]: "Subject: Unit succeeded\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nThe unit @UNIT@ has successfully entered the 'dead' state.",
  [MESSAGE.UNIT_FAILURE_RESULT]: "Subject: Unit failed\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nThe unit @UNIT@ has entered the 'failed' state with result '@UNIT_RESULT@'.",
  [MESSAGE.UNIT_PROCESS_EXIT]: "Subject: Unit process exited\nDefined-By: systemd\nSupport: %SUPPORT_URL%\n\nAn @COMMAND@= process belonging to unit @UNIT@ has exited.\n\nThe process' exit code is '@EXIT_CODE@' and its exit status is @EXIT_STATUS@.",
};

/** The catalog text of a message, its @FIELD@s filled in (sd_journal_get_catalog), or undefined. */
export function catalogText(messageId: string | undefined, fields: Readonly<Record<string, string>>): string | undefined {
  if (!messageId) return undefined;
  const text = CATALOG[messageId];
  if (!text) return undefined;
  return text.replace("%SUPPORT_URL%", SUPPORT_URL).replace(/@([A-Z_]+)@/g, (all, f: string) => fields[f] ?? all);
}

/** exit_status_to_string: the names systemctl and the journal print after an exit status. */
export function exitStatusName(status: number, full: boolean): string | undefined {
  const libcOrSystemd: Record<number, string> = { 0: "SUCCESS", 1: "FAILURE", 200: "CHDIR", 203: "EXEC", 209: "STDOUT", 217: "USER", 226: "NAMESPACE" };
  const lsb: Record<number, string> = { 2: "INVALIDARGUMENT", 3: "NOTIMPLEMENTED", 4: "NOPERMISSION", 5: "NOTINSTALLED", 6: "NOTCONFIGURED", 7: "NOTRUNNING" };
  return libcOrSystemd[status] ?? (full ? lsb[status] : undefined);
}

export const SIGNAL_NAMES: Record<number, string> = { 1: "HUP", 2: "INT", 6: "ABRT", 9: "KILL", 11: "SEGV", 15: "TERM" };
