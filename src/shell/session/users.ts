/**
 * The accounts on the exam's machines: root, and the candidate the exam
 * terminal logs in as (uid 1000, passwordless sudo), as an Ubuntu install
 * creates them. Any other name (ssh someone@node01) gets an ordinary
 * account of its own.
 */
export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export const CANDIDATE = "candidate";

export function account(name: string): Account {
  if (name === "root") return { name, uid: 0, gid: 0, home: "/root" };
  if (name === CANDIDATE) return { name, uid: 1000, gid: 1000, home: `/home/${name}` };
  return { name, uid: 1001, gid: 1001, home: `/home/${name}` };
}

/** Usernames as useradd accepts them (NAME_REGEX). */
export function validUserName(name: string): boolean {
  return /^[a-z_][a-z0-9_-]*\$?$/.test(name) && name.length <= 32;
}

/** The prompt Ubuntu's /etc/bash.bashrc sets (without the chroot marker). */
export const DEFAULT_PS1 = "\\u@\\h:\\w\\$ ";

/** The environment a fresh login of `user` starts with (login(1), then Ubuntu's /etc/profile and /etc/bash.bashrc). */
export function loginEnvironment(user: Account, host: string): Record<string, string> {
  return {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    HOSTNAME: host,
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    SHELL: "/bin/bash",
    TERM: "xterm",
    LANG: "C.UTF-8",
    PS1: DEFAULT_PS1,
  };
}

/**
 * Expands a PS1 prompt string's backslash escapes as bash does (\u, \h, \H,
 * \w, \W, \$, \n, \t, \d, \\, \[ \]); `now` is the virtual clock.
 */
export function renderPrompt(ps1: string, ctx: { user: Account; host: string; cwd: string; home: string; now: Date }): string {
  const tilde = (p: string) => (ctx.home && (p === ctx.home || p.startsWith(`${ctx.home}/`)) ? `~${p.slice(ctx.home.length)}` : p);
  const two = (n: number) => String(n).padStart(2, "0");
  const d = ctx.now;
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return ps1.replace(/\\(.)/g, (all, c: string) => {
    switch (c) {
      case "u":
        return ctx.user.name;
      case "h":
        return ctx.host.split(".")[0];
      case "H":
        return ctx.host;
      case "w":
        return tilde(ctx.cwd);
      case "W":
        return ctx.cwd === ctx.home ? "~" : ctx.cwd === "/" ? "/" : ctx.cwd.slice(ctx.cwd.lastIndexOf("/") + 1);
      case "$":
        return ctx.user.uid === 0 ? "#" : "$";
      case "n":
        return "\n";
      case "t":
        return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
      case "d":
        return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())}`;
      case "s":
        return "bash";
      case "\\":
        return "\\";
      case "[":
      case "]":
        return "";
      case "e":
        return "\x1b";
      default:
        return all;
    }
  });
}
