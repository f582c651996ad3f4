/**
 * The files an image brings: /etc/os-release of its base, and the few files
 * applications read or people cat (nginx's default.conf and index.html, the
 * flannel CNI binary that its init container copies to the host).
 */
import type { RemoteImage } from "./images.js";

const OS_RELEASE: Record<string, string> = {
  busybox: "",
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.1\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.3 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n',
  distroless: "",
};

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export function imageFiles(image: RemoteImage): Record<string, string> {
  const files: Record<string, string> = {};
  const osRelease = OS_RELEASE[image.config.os];
  if (osRelease) files["/etc/os-release"] = osRelease;
  if (image.config.os !== "distroless") {
    files["/etc/passwd"] = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    files["/tmp/"] = "";
    files["/root/"] = "";
  }
  if (image.name.endsWith("/nginx")) {
    files["/etc/nginx/conf.d/default.conf"] = NGINX_DEFAULT_CONF;
    files["/usr/share/nginx/html/index.html"] = NGINX_INDEX;
    files["/usr/share/nginx/html/50x.html"] = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n";
    files["/etc/nginx/nginx.conf"] = "\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    sendfile        on;\n    keepalive_timeout  65;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n";
  }
  if (image.name.endsWith("/flannel-cni-plugin")) files["/flannel"] = "\x7fELF flannel CNI plugin\n";
  if (image.name.includes("kodekloud/webapp-color")) files["/opt/app.py"] = "from flask import Flask\n";
  if (image.name.includes("kodekloud/event-simulator")) files["/event-simulator.py"] = "import logging\n";
  for (const b of image.config.bins ?? []) if (b.startsWith("/")) files[b] = "\x7fELF\n";
  return files;
}
