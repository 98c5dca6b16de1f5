"""Session checks of the interop suite: loopback-only namespace and a healthy Beep."""

from __future__ import annotations

import pytest

import support


@pytest.fixture(scope="session", autouse=True)
def beep_endpoint() -> str:
    """Fails every test (never skips) unless the network rule holds and Beep answers /health."""
    support.require_loopback_only_namespace()
    health = support.check_health()
    support.log(f"beep at {support.beep_url()}: /health {health}")
    return support.beep_url()


def pytest_terminal_summary(terminalreporter) -> None:
    """Shows the measured figures and negotiated ciphers even under -q."""
    if support.SUMMARY:
        terminalreporter.section("interop figures")
        for line in support.SUMMARY:
            terminalreporter.write_line(line)
