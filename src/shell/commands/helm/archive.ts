/**
 * Chart archives (.tgz): a gzipped ustar tarball whose entries all sit
 * under the chart's directory (`nginx/Chart.yaml`), as `helm package` and
 * repositories produce them. Enough of tar to write and read regular files;
 * the shell's own `tar xzf` can unpack what this writes.
 */
import { gunzipSync, gzipSync } from "node:zlib";

export interface ArchiveFile {
  /** Path inside the archive, e.g. `nginx/templates/deployment.yaml`. */
  name: string;
  data: string;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtimeSec: number): Buffer {
  const h = Buffer.alloc(512, 0);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", name.length - 1 - 0);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, 8, "ascii");
  h.write(octal(0, 8), 108, 8, "ascii");
  h.write(octal(0, 8), 116, 8, "ascii");
  h.write(octal(size, 12), 124, 12, "ascii");
  h.write(octal(mtimeSec, 12), 136, 12, "ascii");
  h.write("        ", 148, 8, "ascii");
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148, 8, "ascii");
  return h;
}

/** A .tgz of the files, with the given modification time (the virtual clock's). */
export function writeTgz(files: ArchiveFile[], mtimeMs: number): Uint8Array {
  const parts: Buffer[] = [];
  for (const f of files) {
    const data = Buffer.from(f.data, "utf8");
    parts.push(header(f.name, data.length, Math.floor(mtimeMs / 1000)), data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}

/** The regular files of a .tgz; throws on data that is not a gzipped tarball. */
export function readTgz(bytes: Uint8Array): ArchiveFile[] {
  const tar = gunzipSync(Buffer.from(bytes));
  const out: ArchiveFile[] = [];
  let off = 0;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (start: number, len: number) => h.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, "");
    const name = str(0, 100);
    const prefix = str(345, 155);
    const size = parseInt(str(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(h[156] || 48);
    off += 512;
    if (type === "0" || type === "\0") out.push({ name: prefix ? `${prefix}/${name}` : name, data: tar.subarray(off, off + size).toString("utf8") });
    off += Math.ceil(size / 512) * 512;
  }
  return out;
}
