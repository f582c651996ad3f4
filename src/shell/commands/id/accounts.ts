/**
 * The accounts of the machines: /etc/passwd and /etc/group when the
 * machine has them, else what an Ubuntu 24.04 cloud image has (root, the
 * system users, and the exam's candidate with its groups).
 */
import { resolvePath, type ToolContext } from "../../tool.js";

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

const PASSWD: Account[] = [
  { name: "root", uid: 0, gid: 0, home: "/root" },
  { name: "daemon", uid: 1, gid: 1, home: "/usr/sbin" },
  { name: "bin", uid: 2, gid: 2, home: "/bin" },
  { name: "sys", uid: 3, gid: 3, home: "/dev" },
  { name: "www-data", uid: 33, gid: 33, home: "/var/www" },
  { name: "nobody", uid: 65534, gid: 65534, home: "/nonexistent" },
  { name: "messagebus", uid: 101, gid: 102, home: "/nonexistent" },
  { name: "systemd-network", uid: 998, gid: 998, home: "/" },
  { name: "systemd-timesync", uid: 996, gid: 996, home: "/" },
  { name: "systemd-resolve", uid: 991, gid: 991, home: "/" },
  { name: "syslog", uid: 102, gid: 104, home: "/nonexistent" },
  { name: "candidate", uid: 1000, gid: 1000, home: "/home/candidate" },
];

const GROUPS: Group[] = [
  { name: "root", gid: 0, members: [] },
  { name: "daemon", gid: 1, members: [] },
  { name: "bin", gid: 2, members: [] },
  { name: "sys", gid: 3, members: [] },
  { name: "adm", gid: 4, members: ["syslog", "candidate"] },
  { name: "cdrom", gid: 24, members: ["candidate"] },
  { name: "sudo", gid: 27, members: ["candidate"] },
  { name: "dip", gid: 30, members: ["candidate"] },
  { name: "www-data", gid: 33, members: [] },
  { name: "plugdev", gid: 46, members: ["candidate"] },
  { name: "messagebus", gid: 102, members: [] },
  { name: "syslog", gid: 104, members: [] },
  { name: "systemd-resolve", gid: 991, members: [] },
  { name: "systemd-timesync", gid: 996, members: [] },
  { name: "systemd-network", gid: 998, members: [] },
  { name: "candidate", gid: 1000, members: [] },
  { name: "nogroup", gid: 65534, members: [] },
];

async function readOptional(ctx: ToolContext, path: string): Promise<string | undefined> {
  try {
    return await ctx.fs.readFile(resolvePath("/", path));
  } catch {
    return undefined;
  }
}

export async function accounts(ctx: ToolContext): Promise<{ users: Account[]; groups: Group[] }> {
  const passwd = await readOptional(ctx, "/etc/passwd");
  const group = await readOptional(ctx, "/etc/group");
  const users = passwd
    ? passwd
        .split("\n")
        .map((l) => l.split(":"))
        .filter((f) => f.length >= 6 && /^\d+$/.test(f[2]) && /^\d+$/.test(f[3]))
        .map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] }))
    : PASSWD;
  const groups = group
    ? group
        .split("\n")
        .map((l) => l.split(":"))
        .filter((f) => f.length >= 4 && /^\d+$/.test(f[2]))
        .map((f) => ({ name: f[0], gid: Number(f[2]), members: f[3].split(",").filter(Boolean) }))
    : GROUPS;
  // The session's own user always exists (the shell runs as it).
  if (!users.some((u) => u.name === ctx.user)) users.push(PASSWD.find((u) => u.name === ctx.user) ?? { name: ctx.user, uid: 1000, gid: 1000, home: `/home/${ctx.user}` });
  return { users, groups };
}
