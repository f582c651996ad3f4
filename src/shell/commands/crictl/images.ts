/**
 * crictl's image commands (cmd/crictl/image.go at v1.34.0): images,
 * inspecti, rmi, pull and imagefsinfo. containerd ignores the name filter
 * of ListImages, so `crictl images nginx` lists every image, as it does on
 * a real node.
 */
import { RpcError } from "./cri.js";
import { Fatal, type CrictlCommand, type CrictlContext } from "./context.js";
import { aggregate, bool, dur, str, strs, TEMPLATE_FLAG, truncId } from "./flags.js";
import { humanSize, jsonToYaml, outputStatusData, protoJson, table, type StatusData } from "./output.js";
import type { RemoteCri } from "./remote.js";

type Image = { id: string; repoTags: string[]; repoDigests: string[]; size: string; username: string; pinned: boolean };

/** imageByRef: by first tag, else first digest, else id. */
function byRef(a: Image, b: Image): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  if (a.repoTags.length && b.repoTags.length) return cmp(a.repoTags[0], b.repoTags[0]);
  if (a.repoDigests.length && b.repoDigests.length) return cmp(a.repoDigests[0], b.repoDigests[0]);
  return cmp(a.id, b.id);
}

function normalizeRepoDigest(digests: string[]): [string, string] {
  if (digests.length === 0) return ["<none>", "<none>"];
  const pair = digests[0].split("@");
  return pair.length === 2 ? [pair[0], pair[1]] : ["errorName", "errorRepoDigest"];
}

function repoTagPairs(tags: string[], imageName: string): Array<[string, string]> {
  if (tags.length === 0) return [[imageName, "<none>"]];
  return tags.map((t) => {
    const i = t.lastIndexOf(":");
    if (i < 0) return ["errorRepoTag", "errorRepoTag"];
    const name = t.slice(0, i);
    return [name === "<none>" ? imageName : name, t.slice(i + 1)];
  });
}

/** ListImages with crictl's --filter conditions. */
function listImages(is: RemoteCri, filters: string[]): Image[] {
  let images = (is.cri.listImages() as Image[]).sort(byRef);
  if (filters.length === 0 || images.length === 0) return images;
  for (const filter of filters) {
    const [key, ...rest] = filter.split("=");
    const value = rest.join("=");
    switch (key) {
      case "dangling":
        images = images.filter((i) => (value === "true" && i.repoTags.length === 0) || (value === "false" && i.repoTags.length > 0));
        break;
      case "reference": {
        let re: RegExp;
        try {
          re = new RegExp(value);
        } catch (e) {
          throw new Fatal(`listing images: filter images: error parsing regexp: ${(e as Error).message}`);
        }
        images = images.filter((i) => {
          const name = normalizeRepoDigest(i.repoDigests)[0];
          return re.test(name) || name === value;
        });
        break;
      }
      case "before":
        images = beforeSince(value, [...images].reverse()).reverse();
        break;
      case "since":
        images = beforeSince(value, images);
        break;
      default:
        throw new Fatal(`listing images: filter images: unknown filter flag: ${filter}`);
    }
  }
  return images;
}

/** filterByBeforeSince: the images listed before the one named. */
function beforeSince(value: string, images: Image[]): Image[] {
  const out: Image[] = [];
  for (const img of images) {
    let hit: boolean;
    if (value.includes(":") && !value.includes("@")) hit = repoTagPairs(img.repoTags, normalizeRepoDigest(img.repoDigests)[0])[0].join(":") === value;
    else if (!value.includes(":")) hit = img.id.startsWith(value);
    else hit = (img.repoDigests[0] ?? "").startsWith(value);
    if (hit) break;
    out.push(img);
  }
  return out;
}

async function images(c: CrictlContext): Promise<void> {
  if (c.args.length > 1) return c.showHelp();
  const is = await c.imageService();
  const f = c.flags;
  const list = listImages(is, f.stringSlice("filter"));
  const output = f.string("output");
  if (output === "json" || output === "yaml") {
    const doc = { images: list };
    c.out.out(output === "json" ? protoJson(doc) + "\n" : jsonToYaml(JSON.parse(protoJson(doc))) + "\n");
    return;
  }
  const verbose = f.bool("verbose");
  const quiet = f.bool("quiet");
  const digests = f.bool("digests");
  const pinned = f.bool("pinned");
  const rows: string[][] = [];
  if (!verbose && !quiet) rows.push(["IMAGE", "TAG", ...(digests ? ["DIGEST"] : []), "IMAGE ID", "SIZE", ...(pinned ? ["PINNED"] : [])]);
  for (const img of list) {
    if (quiet) {
      c.out.line(img.id);
      continue;
    }
    if (!verbose) {
      const [name, digest] = normalizeRepoDigest(img.repoDigests);
      const noTrunc = f.bool("no-trunc");
      const id = noTrunc ? img.id : truncId(img.id, "sha256:");
      const shownDigest = noTrunc ? digest : truncId(digest, "sha256:");
      for (const [repo, tag] of repoTagPairs(img.repoTags, name)) {
        rows.push([repo, tag, ...(digests ? [shownDigest] : []), id, humanSize(Number(img.size)), ...(pinned ? [String(img.pinned)] : [])]);
      }
      continue;
    }
    let t = `ID: ${img.id}\n`;
    for (const tag of img.repoTags) t += `RepoTags: ${tag}\n`;
    for (const d of img.repoDigests) t += `RepoDigests: ${d}\n`;
    if (Number(img.size) !== 0) t += `Size: ${img.size}\n`;
    if (img.username) t += `Username: ${img.username}\n`;
    if (img.pinned) t += `Pinned: true\n`;
    c.out.out(t + "\n");
  }
  c.out.out(table(rows));
}

async function inspecti(c: CrictlContext): Promise<void> {
  const is = await c.imageService();
  const f = c.flags;
  const verbose = !f.bool("quiet");
  const output = f.string("output") || "json";
  let ids = c.args;
  if (ids.length === 0) ids = listImages(is, f.stringSlice("filter")).map((i) => i.id);
  if (ids.length === 0) {
    c.log("ERRO", "No IDs provided or nothing found per filter");
    return c.showHelp();
  }
  const statuses: StatusData[] = [];
  for (const id of ids) {
    let r;
    try {
      r = is.imageStatus(id, verbose);
    } catch (e) {
      if (e instanceof RpcError) throw new Fatal(`image status for ${JSON.stringify(id)} request: ${e.message}`);
      throw e;
    }
    if (!r.image) throw new Fatal(`no such image ${JSON.stringify(id)} present`);
    const image = r.image as Image;
    if (output === "table") {
      let t = `ID: ${image.id}\n`;
      for (const tag of image.repoTags) t += `Tag: ${tag}\n`;
      for (const d of image.repoDigests) t += `Digest: ${d}\n`;
      t += `Size: ${humanSize(Number(image.size))}\n`;
      if (verbose) t += `Info: map[${Object.keys(r.info).sort().map((k) => `${k}:${r.info[k]}`).join(" ")}]\n`;
      c.out.out(t);
    } else statuses.push({ status: image, info: r.info });
  }
  try {
    c.out.out(outputStatusData(statuses, output, f.string("template")));
  } catch (e) {
    throw new Fatal((e as Error).message);
  }
}

async function rmi(c: CrictlContext): Promise<void> {
  const is = await c.imageService();
  const ids = new Map<string, boolean>();
  for (const id of c.args) ids.set(id, true);
  const all = c.flags.bool("all");
  const prune = c.flags.bool("prune");
  if (all || prune) {
    for (const img of is.cri.listImages() as Image[]) if (!(prune && img.pinned)) ids.set(img.id, true);
  }
  if (prune) {
    const rs = await c.runtimeService();
    for (const ctr of rs.cri.listContainers() as Array<{ image: { image: string } }>) {
      const id = is.imageStatus(ctr.image.image, false).image?.id as string | undefined;
      if (id) ids.set(id, false);
    }
  }
  if (ids.size === 0) {
    if (all || prune) return c.log("INFO", "No images to remove");
    return c.showHelp();
  }
  const errors: string[] = [];
  for (const [id, remove] of ids) {
    if (!remove) continue;
    let status;
    try {
      status = is.imageStatus(id, false).image as Image | undefined;
    } catch (e) {
      errors.push(`image status request for ${JSON.stringify(id)} failed: ${(e as Error).message}`);
      continue;
    }
    if (!status) {
      errors.push(`no such image ${id}`);
      continue;
    }
    try {
      is.removeImage(id);
    } catch (e) {
      if (!prune) errors.push(`error of removing image ${JSON.stringify(id)}: ${(e as Error).message}`);
      continue;
    }
    for (const ref of status.repoTags.length ? status.repoTags : status.repoDigests) c.out.line(`Deleted: ${ref}`);
  }
  if (errors.length) throw new Fatal(aggregate(errors));
}

async function pull(c: CrictlContext): Promise<void> {
  const name = c.args[0] ?? "";
  if (!name) throw new Fatal("image name cannot be empty");
  if (c.args.length > 1) return c.showHelp();
  const is = await c.imageService();
  if (c.flags.string("creds") && c.flags.string("auth")) throw new Fatal("both `--creds` and `--auth` are specified");
  let result: { imageRef: string } | { error: RpcError } | undefined;
  is.cri.pullImage(name, (r) => (result = r));
  c.waitUntil(() => result !== undefined, 30 * 60_000);
  if (!result) throw new Fatal(`pulling image: rpc error: code = DeadlineExceeded desc = context deadline exceeded`);
  if ("error" in result) {
    is.logPullFailure(result.error, name);
    throw new Fatal(`pulling image: ${result.error.message}`);
  }
  c.out.line(`Image is up to date for ${result.imageRef}`);
}

async function imagefsinfo(c: CrictlContext): Promise<void> {
  const is = await c.imageService();
  const output = c.flags.string("output") || "json";
  const info = is.cri.imageFsInfo() as { imageFilesystems: Array<{ timestamp: string; usedBytes: { value: string }; inodesUsed: { value: string }; fsId: { mountpoint: string } }>; containerFilesystems: unknown[] };
  if (output === "table") {
    const print = (label: string, fss: typeof info.imageFilesystems) => {
      let t = `${label} Filesystem \n`;
      fss.forEach((fs, i) => {
        t += `TimeStamp[${i}]: ${fs.timestamp}\nDisk[${i}]: ${humanSize(Number(fs.usedBytes.value), 4)}\nInodes[${i}]: ${fs.inodesUsed.value}\nMountpoint[${i}]: ${fs.fsId.mountpoint}\n`;
      });
      return t;
    };
    c.out.out(print("Container", info.containerFilesystems as typeof info.imageFilesystems) + print("Image", info.imageFilesystems));
    return;
  }
  try {
    c.out.out(outputStatusData([{ status: info, info: {} }], output, c.flags.string("template")));
  } catch (e) {
    throw new Fatal(`${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------- declarations

const FILTER_USAGE = "Filter output based on provided conditions.\nAvailable filters: \n* dangling=(boolean - true or false)\n* reference=/regular expression/\n* before=<image-name>[:<tag>]|<image id>|<image@digest>\n* since=<image-name>[:<tag>]|<image id>|<image@digest>\nMultiple filters can be combined together.";

export const IMAGE_COMMANDS: CrictlCommand[] = [
  {
    name: "images",
    aliases: ["image", "img"],
    usage: "List images",
    argsUsage: "[REPOSITORY[:TAG]]",
    shortOptions: true,
    flags: [
      bool("verbose", "Show verbose info for images", { aliases: ["v"] }),
      bool("quiet", "Only show image IDs", { aliases: ["q"] }),
      strs("filter", FILTER_USAGE, { aliases: ["f"] }),
      str("output", "Output format, One of: json|yaml|table", { aliases: ["o"] }),
      bool("digests", "Show digests"),
      bool("no-trunc", "Show output without truncating the ID"),
      bool("pinned", "Show whether the image is pinned or not"),
    ],
    action: images,
  },
  {
    name: "inspecti",
    usage: "Return the status of one or more images",
    argsUsage: "IMAGE-ID [IMAGE-ID...]",
    shortOptions: true,
    flags: [
      str("output", "Output format, One of: json|yaml|go-template|table", { aliases: ["o"] }),
      bool("quiet", "Do not show verbose information", { aliases: ["q"] }),
      TEMPLATE_FLAG,
      str("name", "Filter by image name"),
      strs("filter", FILTER_USAGE, { aliases: ["f"] }),
    ],
    action: inspecti,
  },
  {
    name: "rmi",
    usage: "Remove one or more images",
    argsUsage: "IMAGE-ID [IMAGE-ID...]",
    shortOptions: true,
    flags: [bool("all", "Remove all images", { aliases: ["a"] }), bool("prune", "Remove all unused images", { aliases: ["q"] })],
    action: rmi,
  },
  {
    name: "pull",
    usage: "Pull an image from a registry",
    argsUsage: "NAME[:TAG|@DIGEST]",
    shortOptions: true,
    flags: [
      str("creds", "Use `USERNAME[:PASSWORD]` for accessing the registry", { envVars: ["CRICTL_CREDS"] }),
      str("auth", "Use `AUTH_STRING` for accessing the registry. AUTH_STRING is a base64 encoded 'USERNAME[:PASSWORD]'", { envVars: ["CRICTL_AUTH"] }),
      str("username", "Use `USERNAME` for accessing the registry. The password will be requested on the command line", { aliases: ["u"] }),
      str("pod-config", "Use `pod-config.[json|yaml]` to override the pull c"),
      strs("annotation", "Annotation to be set on the pulled image", { aliases: ["a"] }),
      dur("pull-timeout", "Maximum time to be used for pulling the image, disabled if set to 0s", { aliases: ["pt"], envVars: ["CRICTL_PULL_TIMEOUT"] }),
    ],
    subcommands: [{ name: "jsonschema", aliases: ["js"], usage: "Display the JSON schema for the pod-config.json, ", flags: [] }],
    action: pull,
  },
  {
    name: "imagefsinfo",
    usage: "Return image filesystem info",
    shortOptions: true,
    flags: [str("output", "Output format, One of: json|yaml|go-template|table", { aliases: ["o"] }), TEMPLATE_FLAG],
    action: imagefsinfo,
  },
];
