cat > admin.conf <<'YAML'
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://controlplane:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
users:
- name: kubernetes-admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==
YAML
mkdir -p certs
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' > certs/john.crt
printf -- '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n' > certs/john.key
cp certs/john.crt ca.crt
cat > other.conf <<'YAML'
apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
contexts:
- name: dev
  context: {cluster: dev, user: dev, namespace: team-a}
- name: kubernetes-admin@kubernetes
  context: {cluster: shadowed, user: shadowed}
current-context: dev
users:
- name: dev
  user: {token: s3cr3t, username: "", password: ""}
YAML
printf 'foo: [\n' > broken.conf
printf 'apiVersion: v1\nkind: Config\nclusters: 3\n' > wrongtype.conf
printf 'hello\n' > scalar.conf
