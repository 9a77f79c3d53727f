#!/bin/bash
# A real Kubernetes control plane on 127.0.0.1, without Docker, for the burst benchmark's --kubeconfig mode:
# etcd, kube-apiserver, kube-controller-manager (ReplicaSets, garbage collection, namespaces) and kube-scheduler,
# each a process of its own, with RBAC, priority and fairness, TokenRequest and graceful deletion as on any cluster.
#
#   e2e/scripts/local-control-plane.sh start   # writes $CP_DIR/kubeconfig (admin, system:masters)
#   e2e/scripts/local-control-plane.sh fresh   # stop, wipe etcd, start, add the kube-dns Service every cluster has
#   e2e/scripts/local-control-plane.sh stop
#
# Needs the three Kubernetes binaries in $KUBE_BIN (built from a Kubernetes release, or taken from its server
# tarball), etcd on the PATH (Debian: apt-get install etcd-server), openssl and kubectl. Environment: CP_DIR
# (/tmp/ecivk-cp), APISERVER_PORT (16443), ETCD_PORT (12379), CP_QPS (1000: the client QPS of the controller
# manager and the scheduler; their defaults of 20 and 50 would make Pod creation, not the kubelet, the bottleneck).
# The apiserver presents a kubelet client certificate signed by $CP_DIR/pki/ca.crt (give ecivk --kubelet-client-ca
# that file, as a kubelet's --client-ca-file). The node monitor's grace period is 20 s (40 s by default), as the k3s scenario suite sets it: run that suite here
# with -Decivk.e2e.kubeconfig=$CP_DIR/kubeconfig (VirtualNodeScenariosK3sIT).
set -euo pipefail
CP_DIR=${CP_DIR:-/tmp/ecivk-cp}
KUBE_BIN=${KUBE_BIN:?set KUBE_BIN to the directory holding kube-apiserver, kube-controller-manager, kube-scheduler}
APISERVER_PORT=${APISERVER_PORT:-16443}
ETCD_PORT=${ETCD_PORT:-12379}
CP_QPS=${CP_QPS:-1000}
RUN=$CP_DIR/run
P=$CP_DIR/pki
KUBECONFIG_FILE=$CP_DIR/kubeconfig

certificates() {
  [ -f "$P/kubelet-client.crt" ] && return
  mkdir -p "$P"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.crt" -days 3650 -subj /CN=ecivk-cp-ca 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n' > "$P/server.ext"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > "$P/client.ext"
  for who in "apiserver|/CN=kube-apiserver|server" "admin|/O=system:masters/CN=admin|client" \
      "kubelet-client|/O=system:masters/CN=kube-apiserver-kubelet-client|client"; do
    IFS="|" read -r name subject ext <<< "$who"
    openssl req -newkey rsa:2048 -nodes -keyout "$P/$name.key" -out "$P/$name.csr" -subj "$subject" 2>/dev/null
    openssl x509 -req -in "$P/$name.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial \
      -out "$P/$name.crt" -days 3650 -extfile "$P/$ext.ext" 2>/dev/null
  done
  openssl genrsa -out "$P/sa.key" 2048 2>/dev/null
  openssl rsa -in "$P/sa.key" -pubout -out "$P/sa.pub" 2>/dev/null
}

kubeconfig() {
  cat > "$KUBECONFIG_FILE" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "https://127.0.0.1:$APISERVER_PORT", certificate-authority: "$P/ca.crt"}
users:
- name: admin
  user: {client-certificate: "$P/admin.crt", client-key: "$P/admin.key"}
contexts:
- name: local
  context: {cluster: local, user: admin}
current-context: local
YAML
}

launch() { # name, then the command: in the background, its pid in $RUN/name.pid, its output in $RUN/name.log
  local name=$1; shift
  setsid "$@" > "$RUN/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

await() { # what, pid file, then a command that succeeds once it is up
  local what=$1 pidfile=$2; shift 2
  for _ in $(seq 1 600); do
    kill -0 "$(cat "$pidfile")" 2> /dev/null || break # ours died (say, another one holds the port)
    "$@" > /dev/null 2>&1 && kill -0 "$(cat "$pidfile")" 2> /dev/null && return
    sleep 0.1
  done
  echo "$what did not come up; see ${pidfile%.pid}.log" >&2
  tail -5 "${pidfile%.pid}.log" >&2
  exit 1
}

start() {
  mkdir -p "$RUN"
  certificates
  kubeconfig
  launch etcd etcd --name ecivk-cp --data-dir "$RUN/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "ecivk-cp=http://127.0.0.1:$((ETCD_PORT + 1))" --quota-backend-bytes 4294967296
  await etcd "$RUN/etcd.pid" curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  launch kube-apiserver "$KUBE_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" --client-ca-file "$P/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 --authorization-mode RBAC --allow-privileged=true \
    --kubelet-client-certificate "$P/kubelet-client.crt" --kubelet-client-key "$P/kubelet-client.key" \
    --endpoint-reconciler-type none
  await kube-apiserver "$RUN/kube-apiserver.pid" kubectl --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz
  launch kube-controller-manager "$KUBE_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0 --controllers '*' --kube-api-qps "$CP_QPS" --kube-api-burst "$CP_QPS" \
    --node-monitor-grace-period 20s
  launch kube-scheduler "$KUBE_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0 --kube-api-qps "$CP_QPS" --kube-api-burst "$CP_QPS"
  echo "control plane at https://127.0.0.1:$APISERVER_PORT; kubeconfig $KUBECONFIG_FILE"
}

stop() {
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do
    local pidfile=$RUN/$name.pid
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
    rm -f "$pidfile"
  done
}

fresh() {
  stop
  rm -rf "$RUN/etcd"
  start
  kubectl --kubeconfig "$KUBECONFIG_FILE" apply -f - > /dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system}
spec: {clusterIP: 10.0.0.10, ports: [{name: dns, port: 53, protocol: UDP}]}
YAML
  for _ in $(seq 1 100); do
    kubectl --kubeconfig "$KUBECONFIG_FILE" get serviceaccount default -n default > /dev/null 2>&1 && return
    sleep 0.2
  done
  echo "the default ServiceAccount did not appear; see $RUN/kube-controller-manager.log" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  fresh) fresh ;;
  *) echo "usage: $0 start|stop|fresh" >&2; exit 2 ;;
esac
