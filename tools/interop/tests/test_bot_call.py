"""Call test with headless bots (docs/bot.md): four `beep-bot` processes join one room of the
Beep that run.sh started, publish Opus (a tone at a known frequency per bot) and VP8 (a test
pattern carrying frame numbers and send times), follow scripted mute / camera off / leave
steps, and report what they received as JSON. The test fails unless every bot decoded every
other bot's tone and frames with loss <= 1% and no freeze (> 200 ms without a frame while the
camera was on) -- each bot checks this itself (exit code 0) and the test checks the JSON again.

Also NACK recovery (one bot drops 3% of its RTP on purpose; the other still sees <= 1% loss)
and the bad-input cases: a dead URL exits 3, a refused token exits 4, bad arguments exit 2,
each with one clear line on stderr.

The beep-bot binary comes from INTEROP_BEEP_BOT (run.sh: next to the beep binary). Under
run.sh --mock (INTEROP_MOCK=1) the aiortc stand-in has no calls service for bots: skipped
there, as the TURN tests are (a harness self-check run, not a test of Beep).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import support
from support import InteropError

ROOM = "bot-call"
# name, tone (Hz, >= 110 Hz apart: the bots' detector has 10 Hz resolution), script.
BOTS = [
    ("Bot A", 440, "join; wait 12; leave"),
    ("Bot B", 550, "join; wait 4; mute; wait 2; unmute; wait 6; leave"),
    ("Bot C", 660, "join; wait 5; camera off; wait 2; camera on; wait 5; leave"),
    ("Bot D", 770, "join; wait 8; leave; wait 4"),
]
RUN_TIMEOUT_S = 90
MAX_LOSS_PERCENT = 1.0


@pytest.fixture(autouse=True)
def _needs_real_beep() -> None:
    support.skip_under_mock("calls service for beep-bot")


def bot_binary() -> str:
    path = os.environ.get("INTEROP_BEEP_BOT", "")
    if not path:
        raise InteropError("INTEROP_BEEP_BOT is not set (run through tools/interop/run.sh, which finds beep-bot "
                           "next to the beep binary: swift build --product beep-bot)")
    if not os.access(path, os.X_OK):
        raise InteropError(f"INTEROP_BEEP_BOT {path!r} is not an executable beep-bot")
    return path


def mint_token(room: str, identity: str, name: str) -> str:
    beep = os.environ.get("INTEROP_BEEP", "")
    if not beep or not os.access(beep, os.X_OK):
        raise InteropError(f"INTEROP_BEEP {beep!r} is not an executable beep (run through tools/interop/run.sh)")
    done = subprocess.run([beep, "token", "create", "--room", room, "--identity", identity, "--name", name],
                          capture_output=True, text=True, timeout=30, check=False)
    token = done.stdout.strip()
    if done.returncode != 0 or not token or len(token.split()) != 1:
        raise InteropError(f"`beep token create` exited {done.returncode} without a token; "
                           f"stderr: {done.stderr.strip()[:500]!r}")
    return token


def run_bot(args: list[str], env_token: str | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("BEEP_BOT_TOKEN", None)
    if env_token is not None:
        env["BEEP_BOT_TOKEN"] = env_token
    try:
        return subprocess.run([bot_binary(), *args], capture_output=True, text=True, timeout=timeout, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        raise InteropError(f"beep-bot {' '.join(args)[:200]} did not exit within {timeout} s") from None


def start_bot(room: str, identity: str, name: str, args: list[str],
              extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """One beep-bot joining `room` of the run's Beep as `identity`/`name` (token in the
    environment, with `extra_env`), with `args` after --url/--room; stdout (the JSON report)
    and stderr piped."""
    token = mint_token(room, identity, name)
    return subprocess.Popen([bot_binary(), "--url", support.beep_url(), "--room", room, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, BEEP_BOT_TOKEN=token, **(extra_env or {})))


def collect_reports(processes: list[tuple[str, subprocess.Popen]],
                    timeout: float = RUN_TIMEOUT_S) -> dict[str, tuple[int, dict, str]]:
    """Waits for every bot (all killed when one overruns `timeout`); name → (exit code, JSON
    report, stderr). A bot without a JSON report raises."""
    reports = {}
    for name, process in processes:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            for _, other in processes:
                other.kill()
            raise InteropError(f"{name} did not finish within {timeout} s") from None
        try:
            reports[name] = (process.returncode, json.loads(stdout), stderr)
        except ValueError:
            raise InteropError(f"{name} exited {process.returncode} without a JSON report; "
                               f"stderr: {stderr[-1500:]!r}") from None
    return reports


def test_four_bots_receive_each_other() -> None:
    """Four bots, scripted mute / camera off / leave: everyone decodes everyone's tone and frames."""
    processes = [(name, start_bot(ROOM, f"bot-{index}", name, [
        "--tone-hz", str(tone), "--script", script, "--expect-peers", str(len(BOTS) - 1),
        "--max-loss", str(MAX_LOSS_PERCENT), "--json"])) for index, (name, tone, script) in enumerate(BOTS)]
    reports: dict[str, dict] = {}
    problems: list[str] = []
    for name, (code, report, stderr) in collect_reports(processes).items():
        reports[name] = report
        support.log(f"{name}: exit {code}, joined {report.get('joinMs')} ms, "
                    f"media {report.get('mediaConnectedMs')} ms, rtt {report.get('rttMs')} ms")
        if code != 0:
            problems.append(f"{name} exited {code}: {stderr.strip()[-800:]}")

    tones = {name: tone for name, tone, _ in BOTS}
    for name, report in reports.items():
        others = {n for n in tones if n != name}
        seen = set(report.get("participantsSeen", {}).values())
        if not others <= seen:
            problems.append(f"{name} never saw {sorted(others - seen)} in the call")
        for other in sorted(others):
            tracks = {t["kind"]: t for t in report.get("remoteTracks", []) if t.get("name") == other}
            audio, video = tracks.get("audio"), tracks.get("video")
            if audio is None or video is None:
                problems.append(f"{name} got no {'audio' if audio is None else 'video'} track from {other}")
                continue
            if audio.get("expectedToneHz") != tones[other] or audio["toneWindows"] < 5:
                problems.append(f"{name}: {other}'s {tones[other]} Hz tone heard in {audio['toneWindows']} windows "
                                f"(announced {audio.get('expectedToneHz')}, dominant {audio.get('detectedToneHz')})")
            if audio.get("detectedToneHz") is None or abs(audio.get("detectedToneHz") - tones[other]) > 10:
                problems.append(f"{name}: dominant frequency from {other} is {audio.get('detectedToneHz')}, "
                                f"not {tones[other]} Hz")
            if video["framesDecoded"] < 10 or video["frameNumberRegressions"] != 0:
                problems.append(f"{name}: {other}'s video decoded {video['framesDecoded']} frames, "
                                f"{video['frameNumberRegressions']} regressions")
            if video["freezes"] != 0:
                problems.append(f"{name}: {other}'s video froze {video['freezes']} times "
                                f"(longest gap {video['longestGapMs']:.0f} ms)")
            for track in (audio, video):
                if track["lossPercent"] > MAX_LOSS_PERCENT:
                    problems.append(f"{name}: {other} {track['kind']} loss {track['lossPercent']:.2f}%")
            support.summary(f"bot call: {name} <- {other}: audio {audio['packets']} pkts "
                            f"{audio['lossPercent']:.2f}% loss, tone {audio.get('detectedToneHz')} Hz; video "
                            f"{video['framesDecoded']} frames, {video['lossPercent']:.2f}% loss, freezes "
                            f"{video['freezes']}, max gap {video['longestGapMs']:.0f} ms, delay "
                            f"{(video.get('endToEndDelayMs') or {}).get('mean', float('nan')):.1f} ms")
    if problems:
        raise InteropError("bot call failed:\n  " + "\n  ".join(problems))


def test_nack_retransmissions_recover_sender_loss() -> None:
    """One bot drops 3% of its outgoing RTP before the socket (--simulate-loss, after its send
    history kept the packets): the SFU NACKs them, the bot retransmits (RFC 4585 §6.2.1), and
    the other bot still sees loss <= 1% and decodes the frames. Freezes are not this test's
    subject (a recovered loss may delay a frame), so it allows a few."""
    url = support.beep_url()
    room = "bot-nack"
    lossy_token, clean_token = mint_token(room, "lossy", "Lossy"), mint_token(room, "clean", "Clean")
    common = ["--url", url, "--room", room, "--duration", "8", "--expect-peers", "1", "--json"]
    lossy = subprocess.Popen([bot_binary(), *common, "--tone-hz", "440", "--simulate-loss", "3", "--max-loss", "100",
                              "--max-freezes", "100"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, BEEP_BOT_TOKEN=lossy_token))
    clean = subprocess.Popen([bot_binary(), *common, "--tone-hz", "660", "--max-freezes", "3"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, BEEP_BOT_TOKEN=clean_token))
    reports = {}
    for name, process in (("lossy", lossy), ("clean", clean)):
        try:
            stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            lossy.kill()
            clean.kill()
            raise InteropError(f"{name} bot did not finish within {RUN_TIMEOUT_S} s") from None
        try:
            reports[name] = json.loads(stdout)
        except ValueError:
            raise InteropError(f"{name} bot exited {process.returncode} without JSON; stderr {stderr[-1500:]!r}") from None
        if process.returncode != 0:
            raise InteropError(f"{name} bot exited {process.returncode}: {stderr.strip()[-800:]}")
    sent = reports["lossy"]["sent"]
    if sent["simulatedDrops"] == 0 or sent["retransmissions"] == 0:
        raise InteropError(f"no loss was recovered by retransmission: {sent}")
    video = [t for t in reports["clean"]["remoteTracks"] if t["kind"] == "video"]
    support.summary(f"bot NACK: {sent['simulatedDrops']} packets dropped at the sender, {sent['nackedPackets']} "
                    f"NACKed, {sent['retransmissions']} retransmitted; receiver video loss "
                    f"{video[0]['lossPercent'] if video else 'n/a'}%, frames {video[0]['framesDecoded'] if video else 0}")


def test_dead_url_exits_3_with_one_line() -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    done = run_bot(["--url", "http://127.0.0.1:1", "--room", ROOM, "--duration", "1"], env_token="x")
    assert done.returncode == 3, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("beep-bot: error: cannot connect"), done.stderr


def test_refused_token_exits_4_with_one_line() -> None:
    done = run_bot(["--url", support.beep_url(), "--room", ROOM, "--duration", "1"], env_token="not-a-token")
    assert done.returncode == 4, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "token refused: unauthorized" in lines[0], done.stderr


def test_token_for_another_room_exits_4() -> None:
    token = mint_token("elsewhere", "bot-x", "Bot X")
    done = run_bot(["--url", support.beep_url(), "--room", ROOM, "--duration", "1"], env_token=token)
    assert done.returncode == 4, (done.returncode, done.stderr)
    assert "wrong_room" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [
    ["--room", ROOM, "--fps", "0"],
    ["--room", ROOM, "--script", "wait 1; join"],
    ["--room", ROOM, "--url", "ftp://127.0.0.1"],
    ["--room", ROOM, "--no-such-option"],
])
def test_bad_arguments_exit_2(args: list[str]) -> None:
    full = (["--url", support.beep_url()] if "--url" not in args else []) + args
    done = run_bot(full, env_token="x")
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("beep-bot: error: "), done.stderr
