/**
 * kubectl cp: files between the session and a container, through tar in
 * the container as kubectl does it (busybox and GNU tar wording), and the
 * file-spec errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl cp", () => {
  const cluster = newCluster();
  const setup = sh("kubectl run bb --image=busybox -- sleep 3600 >/dev/null\nkubectl run web --image=nginx >/dev/null\nsleep 15", { cluster });

  it("copies a file out of a container; an absolute path gets tar's leading-slash notice on stdout", async () => {
    await setup;
    const r = await sh("kubectl cp bb:/etc/hostname ./h.txt\necho rc=$?\ncat h.txt", { cluster });
    expect(r.stdout).toBe("tar: removing leading '/' from member names\nrc=0\nbb\n");
    const gnu = await sh("kubectl cp web:/etc/hostname h2.txt", { cluster });
    expect(gnu.stdout).toBe("tar: Removing leading `/' from member names\n");
  });

  it("copies a file into a container, into a directory keeping its name", async () => {
    await setup;
    const r = await sh("echo hello > note.txt\nkubectl cp note.txt bb:/tmp\nkubectl cp note.txt bb:/tmp/renamed.txt\nkubectl exec bb -- cat /tmp/note.txt /tmp/renamed.txt", { cluster });
    expect(r.stdout).toBe("hello\nhello\n");
    expect(r.stderr).toBe("");
  });

  it("copies a directory both ways", async () => {
    await setup;
    const r = await sh("mkdir -p conf/sub && echo a > conf/a.txt && echo b > conf/sub/b.txt\nkubectl cp conf bb:/tmp/conf\nkubectl exec bb -- cat /tmp/conf/sub/b.txt\nkubectl cp bb:/tmp/conf back >/dev/null\ncat back/a.txt back/sub/b.txt", { cluster });
    expect(r.stdout).toBe("b\na\nb\n");
  });

  it("tar's failures are the remote command's exit code", async () => {
    await setup;
    const missing = await sh("kubectl cp bb:/nope ./x", { cluster });
    expect(missing.stdout).toBe("tar: removing leading '/' from member names\ntar: /nope: No such file or directory\n");
    expect(missing.stderr).toBe("command terminated with exit code 1\n");
    expect(missing.exitCode).toBe(1);
    const noDir = await sh("echo x > f.txt\nkubectl cp f.txt bb:/nodir/f.txt", { cluster });
    expect(noDir.stderr).toBe("tar: can't change directory to '/nodir': No such file or directory\ncommand terminated with exit code 1\n");
  });

  it("file-spec errors", async () => {
    await setup;
    expect((await sh("kubectl cp a", { cluster })).stderr).toBe("error: source and destination are required\n");
    expect((await sh("kubectl cp a b", { cluster })).stderr).toBe("error: one of src or dest must be a remote file specification\n");
    expect((await sh("kubectl cp bb:/a web:/b", { cluster })).stderr).toBe("error: one of src or dest must be a local file specification\n");
    expect((await sh("kubectl cp :/a b", { cluster })).stderr).toBe("error: filespec must match the canonical format: [[namespace/]pod:]file/path\n");
    expect((await sh("kubectl cp nothere.txt bb:/tmp", { cluster })).stderr).toBe("error: nothere.txt doesn't exist in local filesystem\n");
    expect((await sh("kubectl cp default/nope:/a b", { cluster })).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it("an image without tar fails like the exec of tar", async () => {
    await setup;
    const r = await sh("kubectl cp -n kube-system kube-scheduler-controlplane:/etc/hosts h", { cluster });
    expect(r.stderr).toMatch(/exec: "tar": executable file not found in \$PATH: unknown\n$/);
    expect(r.exitCode).toBe(1);
  });
});
