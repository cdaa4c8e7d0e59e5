"""Captures what FastAPI answers to forms, files and cookies: starts fastapi-forms-app.py under
uvicorn, sends each request below over a raw socket (so the bytes are exactly these), and writes
fastapi-forms-captures.md in the notation of ../fastapi-current/fastapi-current-captures.md, which
CapturedExchanges reads: every request header but Host, Content-Length and Connection: close (always
sent), every response header but date, server and content-length.

Usage: python3 capture.py > fastapi-forms-captures.md   (in a venv with fastapi, python-multipart
and uvicorn installed)
"""

import base64
import os
import socket
import subprocess
import sys
import tempfile
import time

import fastapi
import multipart
import pydantic
import starlette
import uvicorn

HERE = os.path.dirname(os.path.abspath(__file__))
BOUNDARY = "emulatorBoundary7MA4YWxk"
PNG = bytes(range(256)) + b"\r\n--not-the-boundary\r\n" + bytes(range(255, -1, -1))


def multipart_body(*parts, boundary=BOUNDARY, close=True):
    """parts: (name, filename or None, content type or None, bytes)."""
    out = b""
    for name, filename, content_type, data in parts:
        out += b"--" + boundary.encode() + b"\r\n"
        disposition = 'Content-Disposition: form-data; name="%s"' % name
        if filename is not None:
            disposition += '; filename="%s"' % filename
        out += disposition.encode("utf-8") + b"\r\n"
        if content_type is not None:
            out += b"Content-Type: " + content_type.encode() + b"\r\n"
        out += b"\r\n" + data + b"\r\n"
    if close:
        out += b"--" + boundary.encode() + b"--\r\n"
    return out


MULTIPART = ["Content-Type: multipart/form-data; boundary=" + BOUNDARY]
FORM = ["Content-Type: application/x-www-form-urlencoded"]
JSON = ["Content-Type: application/json"]

CASES = [
    # forms
    ("fo-urlencoded", "forms-form", "POST", "/", FORM, b"name=Ada&age=36"),
    ("fo-urlencoded-note", "forms-form", "POST", "/", FORM, b"name=Ada+L&age=36&note=hi%20there"),
    ("fo-multipart", "forms-form", "POST", "/", MULTIPART,
     multipart_body(("name", None, None, b"Ada"), ("age", None, None, b"36"))),
    ("fo-multipart-unicode", "forms-form", "POST", "/", MULTIPART,
     multipart_body(("name", None, None, "Ad\u00e9 \u2603".encode()), ("age", None, None, b"7"),
                    ("note", None, None, b"two\r\nlines"))),
    ("fo-missing", "forms-form", "POST", "/", FORM, b"name=Ada"),
    ("fo-missing-all", "forms-form", "POST", "/", FORM, b""),
    ("fo-int", "forms-form", "POST", "/", FORM, b"name=Ada&age=old"),
    ("fo-int-multipart", "forms-form", "POST", "/", MULTIPART,
     multipart_body(("name", None, None, b"Ada"), ("age", None, None, b"3.5"))),
    ("fo-empty-value", "forms-form", "POST", "/", FORM, b"name=&age=3"),
    ("fo-repeated", "forms-form", "POST", "/", FORM, b"name=A&name=B&age=1&age=2"),
    ("fo-percent", "forms-form", "POST", "/", FORM, b"name=A%2BB+C%C3%A9&age=%2B5"),
    ("fo-json", "forms-form", "POST", "/", JSON, b'{"name":"Ada","age":36}'),
    ("fo-plain", "forms-form", "POST", "/", ["Content-Type: text/plain"], b"name=Ada&age=3"),
    ("fo-no-type", "forms-form", "POST", "/", [], b"name=Ada&age=3"),
    ("fo-extra", "forms-form", "POST", "/", FORM, b"name=Ada&age=3&other=1"),
    ("fo-file-in-field", "forms-form", "POST", "/", MULTIPART,
     multipart_body(("name", "a.txt", "text/plain", b"hello"), ("age", "n.txt", None, b"3"))),
    ("fo-truncated", "forms-form", "POST", "/", MULTIPART,
     multipart_body(("name", None, None, b"Ada"), ("age", None, None, b"3"), close=False)
     + b"--" + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="note"\r\n\r\nunfini'),
    # files as bytes
    ("fi-bytes", "forms-file", "POST", "/", MULTIPART,
     multipart_body(("data", "pic.png", "image/png", PNG), ("caption", None, None, b"a cat"))),
    ("fi-empty", "forms-file", "POST", "/", MULTIPART,
     multipart_body(("data", "empty.bin", "application/octet-stream", b""))),
    ("fi-missing", "forms-file", "POST", "/", MULTIPART,
     multipart_body(("caption", None, None, b"no file"))),
    ("fi-field", "forms-file", "POST", "/", MULTIPART,
     multipart_body(("data", None, None, b"plain text"))),
    ("fi-urlencoded", "forms-file", "POST", "/", FORM, b"data=abc&caption=x"),
    ("fi-json", "forms-file", "POST", "/", JSON, b'{"data":"abc"}'),
    # UploadFile
    ("up-file", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("file", "faces.png", "image/png", PNG), ("tag", None, None, b"team"))),
    ("up-no-type", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("file", "notes.txt", None, b"hello\n"))),
    ("up-unicode-name", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("file", "r\u00e9sum\u00e9.pdf", "application/pdf", b"%PDF-1.4 tiny"))),
    ("up-empty-name", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("file", "", "text/plain", b"abc"))),
    ("up-missing", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("tag", None, None, b"team"))),
    ("up-field", "forms-upload", "POST", "/", MULTIPART,
     multipart_body(("file", None, None, b"not a file"))),
    ("up-urlencoded", "forms-upload", "POST", "/", FORM, b"file=abc"),
    ("up-json", "forms-upload", "POST", "/", JSON, b'{"file":"abc"}'),
    ("up-no-body", "forms-upload", "POST", "/", [], b""),
    ("up-no-boundary", "forms-upload", "POST", "/", ["Content-Type: multipart/form-data"],
     multipart_body(("file", "a.txt", "text/plain", b"abc"))),
    # cookies
    ("co-all", "forms-cookies", "GET", "/", ["Cookie: session=abc123; theme=dark; visits=3"], b""),
    ("co-session", "forms-cookies", "GET", "/", ["Cookie: session=abc123"], b""),
    ("co-missing", "forms-cookies", "GET", "/", [], b""),
    ("co-other", "forms-cookies", "GET", "/", ["Cookie: theme=dark"], b""),
    ("co-int", "forms-cookies", "GET", "/", ["Cookie: session=s; visits=many"], b""),
    ("co-quoted", "forms-cookies", "GET", "/", ['Cookie: session="a b"; theme="x\\"y"'], b""),
    ("co-empty", "forms-cookies", "GET", "/", ["Cookie: session=; theme=light"], b""),
    ("co-two-headers", "forms-cookies", "GET", "/", ["Cookie: session=one", "Cookie: theme=two"], b""),
    ("co-repeated", "forms-cookies", "GET", "/", ["Cookie: session=first; session=second"], b""),
    ("co-spaces", "forms-cookies", "GET", "/", ["Cookie:  session = padded ;visits= 4 "], b""),
    # FileResponse
    ("fr-plain", "forms-fileresponse", "GET", "/", [], b""),
    ("fr-named", "forms-fileresponse", "GET", "/?kind=named", [], b""),
    ("fr-unicode", "forms-fileresponse", "GET", "/?kind=unicode", [], b""),
    ("fr-typed", "forms-fileresponse", "GET", "/?kind=typed", [], b""),
    ("fr-range", "forms-fileresponse", "GET", "/?kind=named", ["Range: bytes=0-9"], b""),
    ("fr-range-suffix", "forms-fileresponse", "GET", "/", ["Range: bytes=-5"], b""),
    ("fr-range-open", "forms-fileresponse", "GET", "/", ["Range: bytes=17-"], b""),
    ("fr-range-past-end", "forms-fileresponse", "GET", "/", ["Range: bytes=20-1000"], b""),
    ("fr-range-merged", "forms-fileresponse", "GET", "/", ["Range: bytes=0-3, 2-6,7-8"], b""),
    ("fr-range-skipped", "forms-fileresponse", "GET", "/", ["Range: bytes=x-3, 4-5"], b""),
    ("fr-range-416", "forms-fileresponse", "GET", "/", ["Range: bytes=100-"], b""),
    ("fr-range-units", "forms-fileresponse", "GET", "/", ["Range: items=0-1"], b""),
    ("fr-range-no-equals", "forms-fileresponse", "GET", "/", ["Range: bytes"], b""),
    ("fr-range-none", "forms-fileresponse", "GET", "/", ["Range: bytes=,-"], b""),
    ("fr-range-backwards", "forms-fileresponse", "GET", "/", ["Range: bytes=5-2"], b""),
    ("fr-if-range-etag", "forms-fileresponse", "GET", "/",
     ["Range: bytes=0-3", 'If-Range: "0a2d254ef8c36698e0a4c8363913793b"'], b""),
    ("fr-if-range-date", "forms-fileresponse", "GET", "/",
     ["Range: bytes=0-3", "If-Range: Tue, 14 Nov 2023 22:13:20 GMT"], b""),
    ("fr-if-range-stale", "forms-fileresponse", "GET", "/",
     ["Range: bytes=0-3", 'If-Range: "stale"'], b""),
    # redirects
    ("re-default", "forms-redirect", "GET", "/?to=/next", [], b""),
    ("re-302", "forms-redirect", "GET", "/?to=https://example.com/a%20b%3Fx%3D1&status=302", [], b""),
    ("re-unicode", "forms-redirect", "GET", "/?to=/caf%C3%A9%20%22q%22%3C%3E", [], b""),
    # HTML
    ("ht-hello", "forms-html", "GET", "/?name=Ada", [], b""),
    ("ht-unicode", "forms-html", "GET", "/?name=%C3%A9%E2%98%83", [], b""),
    # the schema and the docs endpoints' own forms
    ("do-form-openapi", "forms-docsform", "GET", "/openapi.json", [], b""),
    ("do-upload-openapi", "forms-docsupload", "GET", "/openapi.json", [], b""),
    ("do-form-post", "forms-docsform", "POST", "/", FORM, b"name=Ada&age=36"),
    ("do-upload-post", "forms-docsupload", "POST", "/", MULTIPART,
     multipart_body(("file", "a.txt", "text/plain", b"abc"), ("data", "b.bin", None, b"\x00\x01"))),
]


def exchange(port, label, method, target, headers, body):
    head = "%s %s HTTP/1.1\r\nHost: local--%s.localhost:%d\r\n" % (method, target, label, port)
    for header in headers:
        head += header + "\r\n"
    if body or method == "POST":
        head += "Content-Length: %d\r\n" % len(body)
    head += "Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head.encode("utf-8") + body)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    raw_head, _, raw_body = data.partition(b"\r\n\r\n")
    lines = raw_head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    response_headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name not in ("date", "server", "content-length"):
            response_headers.append(name + ": " + value.strip())
    return status, sorted(response_headers), raw_body


def text_or_base64(body):
    try:
        text = body.decode("utf-8")
        if "\n" not in text and "\r" not in text:
            return text
    except UnicodeDecodeError:
        pass
    return "(base64) " + base64.b64encode(body).decode()


def main():
    files = tempfile.mkdtemp()
    portfile = os.path.join(files, "port")
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "fastapi-forms-app.py"), portfile, files])
    try:
        for _ in range(100):
            if os.path.exists(portfile) and open(portfile).read():
                break
            time.sleep(0.1)
        time.sleep(0.5)
        port = int(open(portfile).read())
        print("# What current FastAPI answers to forms, files and cookies: captured exchanges")
        print()
        print(
            "Reference stack: Python %s FastAPI %s Starlette %s pydantic %s python-multipart %s uvicorn %s."
            % (sys.version.split()[0], fastapi.__version__, starlette.__version__, pydantic.VERSION,
               multipart.__version__, uvicorn.__version__))
        print("Each endpoint is wrapped as the cloud wraps a `fastapi_endpoint` (the Python source is")
        print("`fastapi-forms-app.py` beside this file; `capture.py` wrote this file). One request per")
        print("block: what was sent (label, method, target, headers, body; Host, Content-Length and")
        print("`Connection: close` were always sent too) and what came back (status, every header but")
        print("date/server/content-length, body).")
        for case_id, label, method, target, headers, body in CASES:
            status, response_headers, response_body = exchange(port, label, method, target, headers, body)
            print()
            print("## " + case_id)
            print("```")
            print("> label %s: %s %s" % (label, method, target))
            for header in headers:
                print("> " + header)
            if body:
                print("> body: " + text_or_base64(body))
            print("< %d" % status)
            for header in response_headers:
                print("< " + header)
            print("< body: " + response_body.decode("utf-8"))
            print("```")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
