"""Starts the real `junheng` binary on a fresh SQLite database with the demo data, and one real
headless Chromium (Debian's, driven offline through Debian's chromedriver) for the whole run."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
# JUNHENG_BINARY runs another build's binary (a scratch path of one's own) instead.
BINARY = Path(os.environ.get("JUNHENG_BINARY", ROOT / ".build" / "debug" / "junheng"))
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    data = tempfile.mkdtemp(prefix="junheng-browser-")
    env = dict(os.environ, JUNHENG_DATA_DIR=data, JUNHENG_BCRYPT_COST="4")
    subprocess.run([str(BINARY), "demo"], env=env, check=True, capture_output=True)
    port = free_port()
    log = open(Path(data) / "server.log", "w")
    process = subprocess.Popen([str(BINARY), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("server did not start; see " + log.name)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def shared_browser():
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
                 "--lang=zh-CN"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture()
def browser(shared_browser, server):
    """One Chromium for the whole run (starting one takes seconds); each test starts signed out,
    at the desktop size, on a blank page."""
    shared_browser.get(server + "/healthz")
    shared_browser.delete_all_cookies()
    shared_browser.set_window_size(1280, 1600)
    yield shared_browser


def screenshot(driver, name: str) -> Path:
    """Saves a full-page screenshot under test-artifacts/screenshots and returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 6000))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
