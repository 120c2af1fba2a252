"""Headless Chromium through Selenium for the preview's tests: Debian's chromium and chromium-driver."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
# a slide at 96 dpi (13.333 x 7.5 in), and room around it
WIDTH, HEIGHT = 1400, 1000


def missing() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists() or not DRIVER.exists():
        return "chromium and chromium-driver are not installed (tools/install-system-deps.sh)"
    return ""


def chromium(profile: Path | None = None):  # noqa: ANN201 - selenium's WebDriver
    """A headless Chromium with a fresh profile, that asks nothing of the network."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = profile or Path(tempfile.mkdtemp(prefix="make-deck-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(argument)
    if os.geteuid() == 0:  # Chromium's sandbox refuses to run as root
        options.add_argument("--no-sandbox")
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.set_window_size(WIDTH, HEIGHT)
    driver.profile_folder = profile
    return driver


def close(driver) -> None:  # noqa: ANN001 - selenium's WebDriver
    driver.quit()
    shutil.rmtree(driver.profile_folder, ignore_errors=True)
