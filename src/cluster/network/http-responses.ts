/**
 * What a web server in a container sends back to a GET, for the images
 * whose answers people look at (nginx serves its html root, so an edited
 * index.html shows; httpd says "It works!"; the hostname echo servers name
 * the pod). Other servers answer with an empty body.
 */
import type { ContainerRecord } from "../kubelet/runtime/runtime.js";
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import { nginxVersionOf } from "../kubelet/runtime/images.js";

/**
 * The reason phrase a Go server (apiserver, kubelet) or nginx sends after
 * the status code: Go's http.StatusText for the codes our servers answer.
 */
const REASON_PHRASES: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** `HTTP/1.1 404 Not Found`: the status line of an HTTP/1.1 reply. */
export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? ""}`;
}

export interface HttpResponse {
  status: number;
  body: string;
}

function imageName(image: string): { repo: string; tag: string } {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(":");
  const slash = ref.lastIndexOf("/");
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: "latest" };
}

function nginxError(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * The response of the container behind a connection. `status` is what the
 * runtime says the process answers for the path (probes use the same).
 */
export function httpResponse(container: ContainerRecord | undefined, fs: Filesystem | undefined, hostname: string, path: string, status: number): HttpResponse {
  if (!container) return { status, body: "" };
  const { repo, tag } = imageName(container.image);
  const clean = (path.split("?")[0] || "/").replace(/\/+/g, "/");
  if (repo.endsWith("/nginx")) {
    const version = nginxVersionOf(tag);
    const file = clean.endsWith("/") ? `/usr/share/nginx/html${clean}index.html` : `/usr/share/nginx/html${clean}`;
    const body = fs?.read(file);
    if (body !== undefined && !fs?.isDir(file)) return { status: 200, body };
    return { status: 404, body: nginxError(404, "Not Found", version) };
  }
  if (repo.endsWith("/httpd")) {
    const file = clean.endsWith("/") ? `/usr/local/apache2/htdocs${clean}index.html` : `/usr/local/apache2/htdocs${clean}`;
    const body = fs?.read(file) ?? (clean === "/" || clean === "/index.html" ? "<html><body><h1>It works!</h1></body></html>\n" : undefined);
    if (body !== undefined) return { status: 200, body };
    return { status: 404, body: `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n` };
  }
  if (repo.endsWith("/hello-app")) {
    const version = /^\d+\.\d+$/.test(tag) ? `${tag}.0` : tag;
    return { status, body: `Hello, world!\nVersion: ${version}\nHostname: ${hostname}\n` };
  }
  if (repo.endsWith("/agnhost") || repo.endsWith("/serve_hostname")) {
    const args = container.argv.join(" ");
    if (args.includes("serve-hostname") || repo.endsWith("/serve_hostname")) return { status: 200, body: hostname };
    if (args.includes("netexec") && clean === "/hostname") return { status: 200, body: hostname };
  }
  return { status, body: "" };
}
