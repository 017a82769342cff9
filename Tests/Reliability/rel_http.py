"""A small HTTP/1.1 client for the reliability suite: keep-alive connections per thread, no retries.

Only the standard library: the suite must run wherever python3 runs. A request that gets no answer (connection
refused or reset, timeout) raises TransportError; every answer, whatever its status, is a Response.
"""

import hashlib
import http.client
import json
import threading
import time
import urllib.parse


class TransportError(Exception):
    """No HTTP answer: the connection failed, was reset or timed out."""


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body
        self.elapsed = elapsed

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def code(self):
        """The problem's `code` for an application/problem+json answer, else None."""
        if "problem+json" not in self.header("content-type", ""):
            return None
        try:
            return self.json().get("code")
        except ValueError:
            return None

    def describe(self):
        text = self.body[:300].decode("utf-8", "replace")
        return f"{self.status} {text}"


def segment(text):
    """Percent-encodes one path segment (a '/' inside it stays inside it)."""
    return urllib.parse.quote(text, safe="")


def content_path(path):
    """'/Orders/Order Service' -> 'Orders/Order%20Service' (the contract's {path})."""
    return "/".join(segment(part) for part in path.strip("/").split("/"))


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


class Endpoint:
    """Where an instance listens; `url` changes when the instance is restarted on a new port."""

    def __init__(self, name, url=None):
        self.name = name
        self.url = url

    def host_port(self):
        parts = urllib.parse.urlsplit(self.url)
        return parts.hostname, parts.port


class Client:
    """Requests to one Endpoint with a bearer token. Thread-safe: each thread keeps its own connection."""

    def __init__(self, endpoint, token=None, timeout=60.0):
        self.endpoint = endpoint
        self.token = token
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self, timeout):
        key = self.endpoint.url
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "key", None) == key:
            conn.timeout = timeout
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            return conn
        self.close()
        host, port = self.endpoint.host_port()
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self._local.conn, self._local.key = conn, key
        return conn

    def close(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass
        self._local.conn = None

    def request(self, method, path, body=None, headers=None, timeout=None, json_body=None, auth=True):
        """One request on this thread's keep-alive connection. A connection closed by the server while idle is
        reopened once before anything was sent; a failure after that raises TransportError."""
        headers = dict(headers or {})
        if auth and self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        if body is not None and not hasattr(body, "read"):
            headers.setdefault("Content-Length", str(len(body)))
        elif body is None and method in ("POST", "PUT"):
            headers.setdefault("Content-Length", "0")
        timeout = timeout or self.timeout
        started = time.monotonic()
        for attempt in (1, 2):
            conn = self._connection(timeout)
            fresh = conn.sock is None
            try:
                try:
                    conn.request(method, path, body=body, headers=headers)
                except (BrokenPipeError, ConnectionResetError):
                    # The server answered early (e.g. 503 before reading an upload's body) and closed after a
                    # bounded drain: its answer may still be readable, as curl would read it.
                    if conn.sock is None:
                        raise
                    conn.sock.settimeout(5)
                answer = conn.getresponse()
                data = answer.read()
                result = Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data,
                                  time.monotonic() - started)
                if answer.will_close:
                    self.close()
                return result
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self.close()
                # A kept-alive connection the server closed between requests: retry once on a new one, unless
                # the body was a stream (it was consumed).
                if attempt == 1 and not fresh and not hasattr(body, "read"):
                    started = time.monotonic()
                    continue
                raise TransportError(f"{method} {path}: {type(error).__name__}: {error}") from error
            except (OSError, http.client.HTTPException) as error:
                self.close()
                raise TransportError(f"{method} {path}: {type(error).__name__}: {error}") from error
        raise AssertionError("unreachable")

    # Conveniences -----------------------------------------------------------------------------------------------

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json_body=None, **kw):
        return self.request("POST", path, json_body=json_body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)
