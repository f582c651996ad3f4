/**
 * id (GNU coreutils 9.4): `uid=0(root) gid=0(root) groups=0(root)` for the
 * session's user or a named one, and -u/-g/-G with -n and -r.
 */
import { Output, type Tool } from "../../tool.js";
import { accounts } from "./accounts.js";

export const id: Tool = async (args, ctx) => {
  const out = new Output();
  const flags = new Set<string>();
  const names: string[] = [];
  for (const a of args) {
    if (a === "--help") {
      out.out("Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n");
      return out.result(0);
    }
    if (a === "--version") {
      out.out("id (GNU coreutils) 9.4\n");
      return out.result(0);
    }
    const long: Record<string, string> = { "--user": "u", "--group": "g", "--groups": "G", "--name": "n", "--real": "r", "--zero": "z" };
    if (a.startsWith("--")) {
      if (!long[a]) {
        out.err(`id: unrecognized option '${a}'\nTry 'id --help' for more information.\n`);
        return out.result(1);
      }
      flags.add(long[a]);
    } else if (a.startsWith("-") && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!"ugGnrza".includes(c)) {
          out.err(`id: invalid option -- '${c}'\nTry 'id --help' for more information.\n`);
          return out.result(1);
        }
        flags.add(c);
      }
    } else names.push(a);
  }
  const only = ["u", "g", "G"].filter((f) => flags.has(f));
  if (only.length > 1) {
    out.err("id: cannot print \"only\" of more than one choice\n");
    return out.result(1);
  }
  if ((flags.has("n") || flags.has("r")) && only.length === 0) {
    out.err("id: cannot print only names or real IDs in default format\n");
    return out.result(1);
  }
  const { users, groups } = await accounts(ctx);
  const targets = names.length ? names : [ctx.user];
  let status = 0;
  for (const name of targets) {
    const u = users.find((x) => x.name === name) ?? (/^\d+$/.test(name) ? users.find((x) => x.uid === Number(name)) : undefined);
    if (!u) {
      out.err(`id: ‘${name}’: no such user\n`);
      status = 1;
      continue;
    }
    const primary = groups.find((g) => g.gid === u.gid);
    const all = [u.gid, ...groups.filter((g) => g.members.includes(u.name) && g.gid !== u.gid).map((g) => g.gid)];
    const gname = (gid: number) => groups.find((g) => g.gid === gid)?.name ?? String(gid);
    if (flags.has("u")) out.line(flags.has("n") ? u.name : String(u.uid));
    else if (flags.has("g")) out.line(flags.has("n") ? (primary?.name ?? String(u.gid)) : String(u.gid));
    else if (flags.has("G")) out.line(all.map((g) => (flags.has("n") ? gname(g) : String(g))).join(flags.has("z") ? "\0" : " "));
    else out.line(`uid=${u.uid}(${u.name}) gid=${u.gid}(${gname(u.gid)}) groups=${all.map((g) => `${g}(${gname(g)})`).join(",")}`);
  }
  return out.result(status);
};
