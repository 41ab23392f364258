"""Debian's nginx in front of gunicorn, run from the shipped deploy/ files with test paths."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.support.client import CSRF_RE
from tests.support.database import CI

NGINX = "/usr/sbin/nginx"


def nginx_or_skip() -> str:
    """The nginx binary; without it the test is skipped, or fails under CI=true."""
    found = NGINX if os.access(NGINX, os.X_OK) else shutil.which("nginx")
    if found:
        return found
    if CI:
        pytest.fail("CI=true but nginx is missing: `make test` installs it as root")
    pytest.skip("nginx is missing (apt-get install nginx)")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replace_once(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which the shipped file must contain) everywhere."""
    assert old in text, f"deploy/nginx/rugcoach.conf no longer contains {old!r}"
    return text.replace(old, new)


def nginx_config(shipped: str, *, tmp: Path, app_root: Path, instance: Path, ports: dict) -> str:
    """The shipped server blocks with test ports and folders, inside a complete nginx.conf."""
    conf = replace_once(shipped, "server 127.0.0.1:8000;", f"server 127.0.0.1:{ports['app']};")
    conf = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", conf)  # the test host may lack IPv6
    conf = replace_once(conf, "listen 80;", f"listen 127.0.0.1:{ports['http']};")
    conf = replace_once(conf, "listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl;")
    conf = replace_once(conf, "/etc/letsencrypt/live/rugcoach.example.org/", f"{tmp}/")
    conf = replace_once(conf, "/srv/rugcoach/app/instance/", f"{instance}/")
    conf = replace_once(conf, "/srv/rugcoach/app/", f"{app_root}/")
    conf = replace_once(conf, "root /var/www/letsencrypt;", f"root {tmp};")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's folders
    return f"""{user}daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
{conf}
}}
"""


def make_certificate(folder: Path) -> None:
    """A self-signed certificate for localhost, as fullchain.pem and privkey.pem."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(folder / "privkey.pem"),
            "-out",
            str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    """Wait until ``process`` accepts connections on ``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"{what} did not start")


class Browser:
    """A tiny HTTPS client from one source address that keeps its cookies."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port, self.source, self.cookies = port, source, {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(self, method: str, path: str, body=None, headers: dict | None = None):
        """Send one request; returns (response, body bytes)."""
        conn = http.client.HTTPSConnection(
            "localhost", self.port, context=self.context, source_address=(self.source, 0)
        )
        sent = {"Accept-Language": "en", "Referer": f"https://localhost:{self.port}/"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response, data

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        _, body = self.request("GET", path)
        match = CSRF_RE.search(body.decode())
        return next(group for group in match.groups() if group)

    def post_form(self, path: str, fields: dict, page: str | None = None):
        """Post a urlencoded form with the token of ``page`` (``path`` by default)."""
        from urllib.parse import urlencode

        body = urlencode({**fields, "csrf_token": self.csrf(page or path)})
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
