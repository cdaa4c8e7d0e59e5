"""The Python side of `fastapi-forms-captures.md`: FastAPI endpoints taking forms, files and
cookies and answering with files, redirects and HTML, each wrapped as the cloud wraps a
@modal.fastapi_endpoint function (the wrapper of ../fastapi-current/fastapi-current-app.py), served
by one uvicorn and picked by Host label (local--{label}.localhost:{port}).

Usage: python3 fastapi-forms-app.py PORTFILE FILESDIR
FILESDIR gets report.txt (the FileResponse endpoint's file), written with a fixed content and
modification time so that its etag and last-modified are the same on every run and machine.
"""

import hashlib
import os
import socket
import sys
from typing import Annotated, Optional

from fastapi import Cookie, FastAPI, File, Form, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

REPORT_TEXT = b"quarterly report\nall good\n"
REPORT_MTIME = 1700000000  # 2023-11-14T22:13:20Z


def fastapi_endpoint(fn, method="GET", docs=False):
    """The cloud's wrapper (modal/_runtime/asgi.py: webhook_asgi_app)."""
    app = FastAPI(
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    app.add_api_route("/", fn, methods=[method])
    return app


# 1. form fields, url-encoded or multipart
def form(name: str = Form(...), age: int = Form(...), note: Optional[str] = Form(None)):
    return {"name": name, "age": age, "note": note}


# 2. a file as bytes (the cloud's image_to_video.py), beside a form field
def file_bytes(data: Annotated[bytes, File()], caption: str = Form("")):
    return {"size": len(data), "md5": hashlib.md5(data).hexdigest(), "caption": caption}


# 3. an UploadFile (the cloud's count_faces.py)
def upload(file: UploadFile, tag: Optional[str] = Form(None)):
    data = file.file.read()
    return {
        "filename": file.filename,
        "content_type": file.content_type,
        "size": file.size,
        "md5": hashlib.md5(data).hexdigest(),
        "tag": tag,
    }


# 4. cookies
def cookies(session: str = Cookie(...), theme: Optional[str] = Cookie(None), visits: int = Cookie(0)):
    return {"session": session, "theme": theme, "visits": visits}


# 5. a file from disk
def file_response(kind: str = "plain"):
    report = os.path.join(FILES, "report.txt")
    if kind == "named":
        return FileResponse(report, filename="report.txt")
    if kind == "unicode":
        return FileResponse(report, filename="r\u00e9sum\u00e9 1.txt")
    if kind == "typed":
        return FileResponse(report, media_type="application/x-report")
    return FileResponse(report)


# 6. redirects
def redirect(to: str, status: int = 307):
    return RedirectResponse(to, status_code=status)


# 7. HTML
def html(name: str):
    return HTMLResponse(f"<h1>Hello {name}</h1>")


# 8. docs=True: a url-encoded form in the schema
def docs_form(name: str = Form(...), age: int = Form(...), note: Optional[str] = Form(None)):
    return {"name": name}


# 9. docs=True: files and a field in the schema
def docs_upload(file: UploadFile, data: Annotated[bytes, File()], tag: Optional[str] = Form(None)):
    return {"filename": file.filename}


APPS = {
    "forms-form": fastapi_endpoint(form, "POST"),
    "forms-file": fastapi_endpoint(file_bytes, "POST"),
    "forms-upload": fastapi_endpoint(upload, "POST"),
    "forms-cookies": fastapi_endpoint(cookies),
    "forms-fileresponse": fastapi_endpoint(file_response),
    "forms-redirect": fastapi_endpoint(redirect),
    "forms-html": fastapi_endpoint(html),
    "forms-docsform": fastapi_endpoint(docs_form, "POST", docs=True),
    "forms-docsupload": fastapi_endpoint(docs_upload, "POST", docs=True),
}

FILES = ""


async def by_host(scope, receive, send):
    """The cloud's edge, reduced to label routing: local--{label}.localhost[:port] -> app."""
    host = ""
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").split(":")[0].lower()
            break
    label = host[len("local--"):-len(".localhost")] if host.startswith("local--") and host.endswith(".localhost") else ""
    app = APPS.get(label)
    if app is None:
        body = b"modal-http: invalid function call"
        await send({"type": "http.response.start", "status": 404,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
        return
    await app(scope, receive, send)


def main():
    import uvicorn

    global FILES
    FILES = sys.argv[2]
    report = os.path.join(FILES, "report.txt")
    with open(report, "wb") as f:
        f.write(REPORT_TEXT)
    os.utime(report, (REPORT_MTIME, REPORT_MTIME))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    with open(sys.argv[1], "w") as f:
        f.write(str(sock.getsockname()[1]))
    config = uvicorn.Config(by_host, log_level="warning", lifespan="off", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
