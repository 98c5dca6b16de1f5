"""coturn's turnutils_uclient against Beep's TURN (issue 6, "a peer's client against Beep's
server"): REST credentials from the shared secret (`-W`), allocations, permissions, channel
binds and data over UDP, TCP and TLS (`-S -t` on Beep's TLS port, checking Beep's per-run
self-signed certificate with `-E`), with no loss; a permission toward 169.254.169.254 gets 403;
the per-user allocation quota answers 486.

Beep runs inside run.sh's loopback-only namespace with BEEP_TURN_SECRET (exported here as
INTEROP_TURN_SECRET) and `--turn-allow 127.0.0.0/8`. `-y` makes the clients peers of each
other, so every peer address is a Beep relay address on 127.0.0.1; nothing leaves loopback.
Optionally (INTEROP_TURN_FIGURES=path) the same workload through a local coturn
`turnserver`, for docs/performance.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

import support

UCLIENT = shutil.which("turnutils_uclient") or "/usr/bin/turnutils_uclient"
SEND_RECV = re.compile(r"start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)")
LOST = re.compile(r"Total lost packets (\d+)")


def turn_secret() -> str:
    secret = os.environ.get("INTEROP_TURN_SECRET", "")
    if not secret:
        raise support.InteropError("INTEROP_TURN_SECRET is not set (run through tools/interop/run.sh)")
    return secret


def turn_port() -> int:
    return int(os.environ.get("INTEROP_TURN_PORT", "3478"))


def turn_tls() -> tuple[int, str]:
    """Beep's TURN over TLS port and the certificate run.sh made for this run."""
    port, cert = os.environ.get("INTEROP_TURN_TLS_PORT", ""), os.environ.get("INTEROP_TURN_TLS_CERT", "")
    if not port or not cert or not os.path.exists(cert):
        raise support.InteropError("INTEROP_TURN_TLS_PORT / INTEROP_TURN_TLS_CERT not set (run through tools/interop/run.sh)")
    return int(port), cert


def require_real_beep() -> None:
    support.skip_under_mock("TURN server")
    if not os.path.exists(UCLIENT):
        raise support.InteropError(f"{UCLIENT} missing (apt-get install coturn; tools/setup-system.sh interop)")


def uclient(args: list[str], port: int, secret: str, timeout: float = 60,
            user: str = "interop") -> tuple[int, str, float]:
    """Runs turnutils_uclient against 127.0.0.1:port; returns (exit status, output, seconds)."""
    command = [UCLIENT, *args, "-u", user, "-W", secret, "-p", str(port), "-L", "127.0.0.1", "127.0.0.1"]
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        output = (expired.stdout or b"")
        text = output.decode(errors="replace") if isinstance(output, bytes) else output
        raise support.InteropError(f"turnutils_uclient {args} did not finish in {timeout} s:\n{text[-2000:]}")
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def transfer_totals(output: str) -> tuple[int, int, int]:
    """(sent, received, lost) from uclient's final report."""
    totals = SEND_RECV.findall(output)
    lost = LOST.findall(output)
    if not totals or not lost:
        raise support.InteropError(f"no final report from turnutils_uclient:\n{output[-2000:]}")
    sent, received = (int(x) for x in totals[-1])
    return sent, received, int(lost[-1])


@pytest.mark.parametrize("transport", ["udp", "tcp", "tls"])
def test_uclient_relays_through_beep_with_rest_credentials(transport: str) -> None:
    require_real_beep()
    flags = ["-y", "-n", "50", "-m", "2", "-l", "170", "-X"]
    port = turn_port()
    if transport == "tcp":
        flags.append("-t")
    elif transport == "tls":
        port, cert = turn_tls()
        flags += ["-t", "-S", "-E", cert]
    status, output, seconds = uclient(flags, port, turn_secret())
    sent, received, lost = transfer_totals(output)
    support.summary(f"turnutils_uclient over {transport}: {sent} sent, {received} received, {lost} lost "
                    f"in {seconds:.1f} s (exit {status})")
    assert status == 0, output[-2000:]
    assert sent > 0 and received == sent, output[-2000:]
    assert lost == 0, output[-2000:]


def test_uclient_wrong_secret_cannot_allocate() -> None:
    require_real_beep()
    status, output, _ = uclient(["-y", "-n", "1", "-X"], turn_port(), "not-the-secret", timeout=30)
    assert "Cannot complete Allocation" in output or "401" in output, output[-2000:]
    assert not SEND_RECV.search(output) or transfer_totals(output)[1] == 0


def test_uclient_permission_to_metadata_address_is_forbidden() -> None:
    """169.254.169.254 is never reachable: Beep answers 403 and relays nothing (and the
    namespace has no route there anyway)."""
    require_real_beep()
    _, output, _ = uclient(["-e", "169.254.169.254", "-r", "80", "-n", "1", "-X", "-c"], turn_port(),
                           turn_secret(), timeout=30)
    assert "403" in output, output[-2000:]


def test_uclient_beyond_the_per_user_quota_gets_486() -> None:
    """run.sh starts beep with `--turn-user-quota 10`: more than 10 simultaneous allocations of one user
    (`-m 12 -y`) leave some refused with 486 Allocation Quota Reached (RFC 8656 §7.2)."""
    require_real_beep()
    _, output, _ = uclient(["-y", "-m", "12", "-n", "1", "-X", "-c"], turn_port(), turn_secret(), timeout=30,
                           user="quota")
    assert "error 486 (Allocation Quota Reached)" in output, output[-2000:]


# ------------------------------------------------------------------ figure (optional)

COTURN_PORT = 3578


def start_coturn(secret: str, logdir: str) -> subprocess.Popen:
    command = ["turnserver", "-n", "--no-cli", "--no-tls", "--no-dtls", "--listening-ip=127.0.0.1",
               "--relay-ip=127.0.0.1", f"--listening-port={COTURN_PORT}", "--min-port=50000", "--max-port=50999",
               "--use-auth-secret", f"--static-auth-secret={secret}", "--realm=coturn.test",
               "--allow-loopback-peers", "--allowed-peer-ip=127.0.0.1", "--relay-threads=1",
               "--no-stun-backward-compatibility", f"--log-file={logdir}/coturn.log", "--simple-log"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    if process.poll() is not None:
        raise support.InteropError(f"coturn turnserver exited with {process.returncode}")
    return process


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def relay_rate(port: int, secret: str, pid: int) -> dict:
    """One bounded run: 8 clients (-y, 4 pairs; Beep's default quota is 10 allocations per
    user), 4000 messages each, 1 ms apart. Each message
    crosses the server twice (client -> relay A -> relay B -> client), so relayed packets are
    twice the messages received; CPU is the server process's user+system time."""
    flags = ["-y", "-n", "4000", "-m", "4", "-l", "170", "-z", "1", "-X", "-c"]
    before = cpu_seconds(pid)
    status, output, seconds = uclient(flags, port, secret, timeout=120, user="figure")
    cpu = cpu_seconds(pid) - before
    sent, received, lost = transfer_totals(output)
    if status != 0:
        raise support.InteropError(f"uclient exit {status}:\n{output[-2000:]}")
    relayed = 2 * received
    return {"received": received, "lost": lost, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "relayed_packets_per_second": round(relayed / seconds),
            "relayed_packets_per_cpu_second": round(relayed / cpu) if cpu > 0 else None}


@pytest.mark.figure
def test_figure_relay_rate_beep_vs_coturn() -> None:
    """A figure, selected only with `-m figure` (see pytest.ini); INTEROP_TURN_FIGURES names the output."""
    require_real_beep()
    target = os.environ.get("INTEROP_TURN_FIGURES")
    if not target:
        raise support.InteropError("set INTEROP_TURN_FIGURES=path for the TURN relay figure")
    beep_pid = int(os.environ.get("INTEROP_BEEP_PID", "0"))
    if beep_pid <= 0:
        raise support.InteropError("INTEROP_BEEP_PID is not set (run through tools/interop/run.sh)")
    coturn_secret = "coturn-figure-secret"
    with tempfile.TemporaryDirectory() as logdir:
        coturn = start_coturn(coturn_secret, logdir)
        try:
            beep = relay_rate(turn_port(), turn_secret(), beep_pid)
            theirs = relay_rate(COTURN_PORT, coturn_secret, coturn.pid)
        finally:
            coturn.terminate()
            try:
                coturn.wait(timeout=5)
            except subprocess.TimeoutExpired:
                coturn.kill()
    figures = {
        "workload": "turnutils_uclient -y -m 4 -n 4000 -l 170 -z 1 -c -X (UDP, loopback, same run)",
        "beep": beep,
        "coturn": {**theirs, "relay_threads": 1},
    }
    with open(target, "w") as handle:
        json.dump(figures, handle, indent=2)
    support.summary(f"TURN relay: beep {beep}; coturn {theirs}")
