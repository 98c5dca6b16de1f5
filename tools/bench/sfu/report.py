"""Side-by-side table and plot of `make bench-sfu` (tools/bench/sfu/run.sh).

Reads the per-run JSON that `beep-bot load --json` wrote (audio-N-beep.json, audio-N-janus.json,
video-6-*.json), Beep's /admin/stats snapshots for its transit times, and machine.txt; writes
table.md (markdown, also printed) and cpu.png (SFU CPU vs subscribers, both SFUs).

Usage: python report.py OUT_DIR
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def transit(stats: dict | None) -> tuple[float | None, float | None]:
    """The busiest worker's transit p50/p99 (µs) anywhere in /admin/stats."""
    best = None

    def walk(value):
        nonlocal best
        if isinstance(value, dict):
            if "p50Microseconds" in value and "count" in value:
                if best is None or value.get("count", 0) > best.get("count", 0):
                    best = value
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(stats)
    if not best:
        return None, None
    return best.get("p50Microseconds"), best.get("p99Microseconds")


def fmt(value, digits=1, suffix=""):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{suffix}".replace(",", " ")
    return f"{value:,}{suffix}".replace(",", " ")


def main() -> int:
    out = Path(sys.argv[1])
    runs = []
    for path in sorted(out.glob("*-beep.json")) + sorted(out.glob("*-janus.json")):
        match = re.fullmatch(r"(audio|video|simulcast)-(\d+)-(beep|janus)\.json", path.name)
        if not match:
            continue
        report = load(path)
        meta = load(out / f"{path.stem}.meta.json") or {}
        if report is None:
            print(f"report: {path.name} holds no report (see {path.with_suffix('.stderr').name})")
            continue
        kind, subscribers, sfu = match.group(1), int(match.group(2)), match.group(3)
        p50, p99 = transit(load(out / f"{kind}-{subscribers}-{sfu}.sfu-stats.json")) if sfu == "beep" else (None, None)
        window = report.get("window", {})
        # A run counts only when every bot joined and every track arrived: otherwise the SFU
        # carried less than the load (its figures are shown, marked, and left out of ratio and plot).
        valid = report.get("joinFailures", 1) == 0 and report.get("tracksReceived") == report.get("tracksExpected")
        runs.append({"valid": valid,
            "kind": kind, "subscribers": subscribers, "sfu": sfu, "report": report, "window": window,
            "cpu": window.get("sfuCPUSeconds"), "pps": window.get("packetsPerSecond"),
            "us_per_packet": window.get("sfuCPUMicrosPerPacket"), "per_cpu_s": window.get("packetsPerCPUSecond"),
            "transit": (p50, p99), "simulcast": meta.get("simulcast", kind == "simulcast"),
        })
    runs.sort(key=lambda r: (r["kind"], r["subscribers"], r["sfu"]))

    lines = ["| load | SFU | bots ok / run | offered / forwarded / processed by the bots, packets/s | SFU CPU s in window (cores) | µs CPU per forwarded packet "
             "| forwarded packets per CPU-s | loss max / mean % | jitter p50 ms | freezes | transit p50 / p99 µs |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        r, w = run["report"], run["window"]
        load_name = (f"audio 10 pub × {run['subscribers']} sub" if run["kind"] == "audio"
                     else f"video 6 pub × {run['subscribers']} sub")
        if run["kind"] == "simulcast":
            # The same meeting with simulcast publishers (an SFU run without it says so), and
            # the picture sizes the subscribers decoded: the layers the SFU forwarded.
            load_name += ", simulcast q/h/f" if run["simulcast"] else ", simulcast load WITHOUT simulcast on this SFU"
            sizes = r.get("videoFrameSizes") or {}
            total = sum(sizes.values())
            if total:
                load_name += " (decoded " + ", ".join(f"{size} {count * 100 / total:.0f}%"
                                                      for size, count in sorted(sizes.items())) + ")"
        cores = (run["cpu"] / w["seconds"]) if run["cpu"] is not None and w.get("seconds") else None
        p50, p99 = run["transit"]
        # Opus every 20 ms from each publisher to each subscriber; video rates vary with the encoder.
        offered = fmt(r["publishers"] * r["subscribers"] * r["rooms"] * 50) if not r["video"] else "-"
        lines.append(
            f"| {load_name} | {run['sfu']}{'' if run['valid'] else ' (invalid: bots failed)'} "
            f"| {r['bots'] - r['joinFailures']} / {r['bots']} | {offered} / {fmt(run['pps'], 0)} / {fmt(w.get('packetsReceived', 0) / w['seconds'] if w.get('seconds') else None, 0)} "
            f"| {fmt(run['cpu'], 2)} ({fmt(cores, 2)}) | {fmt(run['us_per_packet'], 1)} | {fmt(run['per_cpu_s'], 0)} "
            f"| {fmt(r['maxLossPercent'], 2)} / {fmt(r['meanLossPercent'], 2)} | {fmt(r['jitterMsP50'], 2)} "
            f"| {r['freezes'] if r['video'] else '-'} | {fmt(p50)} / {fmt(p99)} |")
    lines.append("")
    lines.append("| load | Beep µs per packet | Janus µs per packet | ratio Beep ÷ Janus CPU per forwarded packet |")
    lines.append("|---|---:|---:|---:|")
    ratios = {}
    for kind, subscribers in sorted({(r["kind"], r["subscribers"]) for r in runs}):
        beep = next((r for r in runs if (r["kind"], r["subscribers"], r["sfu"]) == (kind, subscribers, "beep")), None)
        janus = next((r for r in runs if (r["kind"], r["subscribers"], r["sfu"]) == (kind, subscribers, "janus")), None)
        b = beep["us_per_packet"] if beep and beep["valid"] else None
        j = janus["us_per_packet"] if janus and janus["valid"] else None
        ratio = (b / j) if b and j else None
        ratios[(kind, subscribers)] = ratio
        lines.append(f"| {kind} × {subscribers} | {fmt(b)} | {fmt(j)} | **{fmt(ratio, 2)}** |")
    table = "\n".join(lines)
    machine = (out / "machine.txt").read_text() if (out / "machine.txt").exists() else ""
    (out / "table.md").write_text(table + "\n\n```\n" + machine + "```\n")
    print(table)
    print()
    print(machine)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for sfu, color in (("beep", "tab:blue"), ("janus", "tab:orange")):
        points = [r for r in runs if r["kind"] == "audio" and r["sfu"] == sfu and r["cpu"] is not None and r["valid"]]
        xs = [r["subscribers"] for r in points]
        left.plot(xs, [r["cpu"] / r["window"]["seconds"] for r in points], "o-", color=color, label=sfu)
        right.plot(xs, [r["us_per_packet"] or 0 for r in points], "o-", color=color, label=sfu)
    left.set_xlabel("subscribers (10 audio publishers, 50 packets/s each)")
    left.set_ylabel("SFU CPU (cores = CPU-s per s)")
    left.set_title("SFU process CPU vs subscribers")
    right.set_xlabel("subscribers")
    right.set_ylabel("µs CPU per forwarded packet")
    right.set_title("CPU per forwarded packet")
    for axis in (left, right):
        axis.grid(True, alpha=0.3)
        axis.legend()
        axis.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(out / "cpu.png", dpi=110)
    print(f"report: wrote {out / 'table.md'} and {out / 'cpu.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
