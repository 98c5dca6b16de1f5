#!/usr/bin/env bash
# Runs inside the benchmark's network namespace (tools/bench/sfu/run.sh creates it with
# `unshare -n` and passes BENCH_* in the environment). Never run it outside one: it adds
# interfaces and binds media sockets to 10.77.0.0/24.
set -uo pipefail
say() { echo "bench-sfu: $*"; }
die() { echo "bench-sfu: ERROR: $*" >&2; exit 1; }

# The namespace: loopback plus a veth pair, both ends here.
ip link set lo up || die "ip link set lo up failed"
ip link add bench-a type veth peer name bench-b || die "cannot create the veth pair"
ip addr add 10.77.0.1/24 dev bench-a && ip addr add 10.77.0.2/24 dev bench-b || die "cannot address the veth pair"
ip link set bench-a up && ip link set bench-b up || die "cannot bring the veth pair up"
# Janus's libnice sends through the interface it gathered on: its packets to 10.77.0.2 leave
# bench-a and arrive on bench-b with a source address of this namespace, which Linux drops
# unless accept_local is set (and reverse-path filtering is off). These sysctls belong to this
# namespace only.
for conf in all default bench-a bench-b; do
  sysctl -qw "net.ipv4.conf.$conf.accept_local=1" "net.ipv4.conf.$conf.rp_filter=0" || die "cannot set sysctls for $conf"
done
# Only our own interfaces may exist here (the network rule).
interfaces="$(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | sort | tr '\n' ' ')"
[ "$interfaces" = "bench-a bench-b lo " ] || die "unexpected interfaces in the namespace: $interfaces"

WORK="$(mktemp -d /tmp/beep-bench-sfu.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export BEEP_CALL_TOKEN_KEY="$("$BENCH_PY" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())')"
export BEEP_ADMIN_TOKEN="$("$BENCH_PY" -c 'import secrets; print(secrets.token_hex(32))')"
BEEP_PORT=18190
SFU_GRPC=9190
SFU_ADMIN=9191
JANUS_PORT=8188

wait_port() {  # pid port seconds
  for _ in $(seq $(( $3 * 10 ))); do
    kill -0 "$1" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}
stop() {  # pid: SIGINT, SIGKILL after 5 s
  if kill -0 "$1" 2>/dev/null; then
    kill -INT "$1"
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null
  fi
  wait "$1" 2>/dev/null
}

# Janus: configuration generated here, only the VideoRoom plugin and the HTTP transport.
mkdir -p "$WORK/janus/conf" "$WORK/janus/plugins" "$WORK/janus/transports"
LIB=/usr/lib/x86_64-linux-gnu/janus
ln -s "$LIB/plugins/libjanus_videoroom.so" "$WORK/janus/plugins/"
ln -s "$LIB/transports/libjanus_http.so" "$WORK/janus/transports/"
cat > "$WORK/janus/conf/janus.jcfg" <<JCFG
general: {
	configs_folder = "$WORK/janus/conf"
	plugins_folder = "$WORK/janus/plugins"
	transports_folder = "$WORK/janus/transports"
	events_folder = "$WORK/janus/none"
	loggers_folder = "$WORK/janus/none"
	debug_level = ${JANUS_DEBUG:-3}
	session_timeout = 60
	interface = "10.77.0.1"
	server_name = "beep-bench"
	no_webrtc_encryption = false
}
certificates: {
}
media: {
	ipv6 = false
	rtp_port_range = "20000-40000"
}
nat: {
	nice_debug = ${JANUS_NICE_DEBUG:-false}
	ice_lite = true
	ice_tcp = false
	full_trickle = false
	ice_enforce_list = "bench-a"
	ignore_mdns = true
}
plugins: {
}
transports: {
}
events: {
	broadcast = false
}
JCFG
cat > "$WORK/janus/conf/janus.transport.http.jcfg" <<JCFG
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = $JANUS_PORT
	ip = "127.0.0.1"
	https = false
}
admin: {
	admin_http = false
}
JCFG
printf 'general: {\n}\n' > "$WORK/janus/conf/janus.plugin.videoroom.jcfg"

start_beep() {
  (cd "$WORK" && exec "$BENCH_BEEP_SFU" --media-host 10.77.0.1 --media-ports 30000-30009 --grpc-host 127.0.0.1 \
    --grpc-port $SFU_GRPC --admin-host 127.0.0.1 --admin-port $SFU_ADMIN) </dev/null >>"$BENCH_OUT/beep-sfu.log" 2>&1 &
  SFU_PID=$!
  wait_port "$SFU_PID" $SFU_GRPC 20 || die "beep-sfu did not listen on 127.0.0.1:$SFU_GRPC (log: $BENCH_OUT/beep-sfu.log)"
  (cd "$WORK" && exec "$BENCH_BEEP" --host 127.0.0.1 --port $BEEP_PORT --sfu-url "grpc://127.0.0.1:$SFU_GRPC") \
    </dev/null >>"$BENCH_OUT/beep.log" 2>&1 &
  BEEP_PID=$!
  wait_port "$BEEP_PID" $BEEP_PORT 30 || die "beep did not listen on 127.0.0.1:$BEEP_PORT (log: $BENCH_OUT/beep.log)"
  sleep 1
}
stop_beep() { stop "$BEEP_PID"; stop "$SFU_PID"; }
start_janus() {
  janus -F "$WORK/janus/conf" -C "$WORK/janus/conf/janus.jcfg" </dev/null >>"$BENCH_OUT/janus.log" 2>&1 &
  JANUS_PID=$!
  wait_port "$JANUS_PID" $JANUS_PORT 20 || die "janus did not listen on 127.0.0.1:$JANUS_PORT (log: $BENCH_OUT/janus.log)"
  sleep 1
}

# One load against one SFU: name sfu publishers subscribers [--video]
run_load() {
  local name="$1" sfu="$2" publishers="$3" subscribers="$4"; shift 4
  local target pid
  if [ "$sfu" = beep ]; then
    start_beep; pid=$SFU_PID; target=(--url "http://127.0.0.1:$BEEP_PORT")
  else
    start_janus; pid=$JANUS_PID; target=(--janus "http://127.0.0.1:$JANUS_PORT/janus")
  fi
  local idle0 idle1
  idle0="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  sleep 2
  idle1="$(awk '{print $14+$15}' "/proc/$pid/stat")"
  say "$name on $sfu: $publishers publishers x $subscribers subscribers $* (idle: $((idle1 - idle0)) ticks in 2 s)"
  # Bounded: a load that has not ended 180 s after its window is killed (exit 124 in the log).
  timeout --kill-after=10 $(( BENCH_SECONDS + 180 )) "$BENCH_BOT" load "${target[@]}" --rooms 1 --publishers "$publishers" --subscribers "$subscribers" \
    --duration "$BENCH_SECONDS" --bind 10.77.0.2 --ice-network 10.77.0.0/24 --sfu-pid "$pid" --join-spacing-ms 100 --join-allowance 6 --json "$@" \
    >"$BENCH_OUT/$name-$sfu.json" 2>"$BENCH_OUT/$name-$sfu.stderr"
  local code=$?
  say "  exit $code: $(tr '\n' ' ' < "$BENCH_OUT/$name-$sfu.stderr" | cut -c1-300)"
  local simulcast=false
  case " $* " in *" --simulcast "*) simulcast=true ;; esac
  echo "{\"idleTicks2s\": $((idle1 - idle0)), \"botExit\": $code, \"simulcast\": $simulcast}" > "$BENCH_OUT/$name-$sfu.meta.json"
  if [ "$sfu" = beep ]; then
    curl -fsS --max-time 5 -H "Authorization: Bearer $BEEP_ADMIN_TOKEN" "http://127.0.0.1:$SFU_ADMIN/admin/stats" \
      >"$BENCH_OUT/$name-$sfu.sfu-stats.json" 2>/dev/null || say "  (no /admin/stats)"
    stop_beep
  else
    stop "$JANUS_PID"
  fi
}

for n in $BENCH_SUBSCRIBERS; do
  run_load "audio-$n" beep 10 "$n"
  run_load "audio-$n" janus 10 "$n"
done
if [ "$BENCH_VIDEO" = 1 ]; then
  run_load video-6 beep 6 6 --video --max-freezes 1000
  run_load video-6 janus 6 6 --video --max-freezes 1000
  # The meeting again with simulcast publishers (3 VP8 layers at 640x360, 320x180, 160x90).
  run_load simulcast-6 beep 6 6 --video --simulcast --max-freezes 1000
  run_load simulcast-6 janus 6 6 --video ${BENCH_JANUS_SIMULCAST:---simulcast} --max-freezes 1000
fi
exit 0
