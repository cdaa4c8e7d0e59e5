# What each container of this file runs besides the JVM: the bridge and the call ports' client.
# The JVM of a function that code calls serves each input on a call port on loopback:
#   POST / {"args": [...]}  ->  JSON lines: {"value": v} | {"item": x}... {"end": true} | {"error": {...}}
# Calls that the Java code makes (remote, spawn, get, cancel, map, remote_gen...) go to the bridge,
# a loopback HTTP server in this Python process that makes them with the modal client:
#   POST / {"op": ..., "app": ..., "function": ..., "parameters": {...}, "args": [...],
#           "inputs": [[...]...], "order_outputs": ..., "return_exceptions": ...,
#           "call_id": ..., "timeout": ..., "terminate_containers": ...}  ->  the same JSON lines
_STARTED = {}  # the bridge's URL (key ""), and the JVM of each function, by name
_LOCK = _threading.RLock()
_JVM_START = 60.0  # seconds a JVM has to open its call port


class _JavaError(Exception):
    """What a Java function threw (its type, message and frames), raised where it was called."""

    def __init__(self, function, error):
        super().__init__(function, error)

    def __str__(self):
        function, error = self.args
        return "%s raised %s: %s" % (function, error.get("type"), error.get("message"))


def _bridge():
    """The bridge's URL: started once per container, before the JVM that calls through it."""
    with _LOCK:
        if "" not in _STARTED:
            server = _http_server.ThreadingHTTPServer(("127.0.0.1", 0), _Bridge)
            server.daemon_threads = True
            _threading.Thread(target=server.serve_forever, name="bridge", daemon=True).start()
            _STARTED[""] = "http://127.0.0.1:%d/" % server.server_address[1]
        return _STARTED[""]


def _jvm(function, command):
    """The JVM of a function's container: started at its first input, once."""
    with _LOCK:
        if function not in _STARTED:
            _STARTED[function] = _subprocess.Popen([*command, "--bridge", _bridge()])
        return _STARTED[function]


def _lines(function, port, jvm, args):
    """Passes one input to the JVM's call port of the function: the answer's messages."""
    body = _json.dumps({"args": list(args)}).encode()
    deadline = _time.monotonic() + _JVM_START
    while True:
        connection = _http_client.HTTPConnection("127.0.0.1", port)
        try:
            connection.request("POST", "/", body, {"Content-Type": "application/json"})
            break
        except ConnectionRefusedError:
            connection.close()
            if jvm.poll() is not None:
                raise RuntimeError("the JVM of %s exited with status %s" % (function, jvm.returncode))
            if _time.monotonic() > deadline:
                raise RuntimeError("the JVM of %s opened no call port in %s s" % (function, _JVM_START))
            _time.sleep(0.05)
    response = connection.getresponse()
    try:
        for line in response:
            message = _json.loads(line)
            if "error" in message:
                raise _JavaError(function, message["error"])
            yield message
    finally:
        connection.close()


def _result(function, port, jvm, args):
    for message in _lines(function, port, jvm, args):
        return message.get("value")
    raise RuntimeError("the JVM of %s closed the call without an answer" % function)


def _items(function, port, jvm, args):
    for message in _lines(function, port, jvm, args):
        if "end" in message:
            return
        yield message["item"]
    raise RuntimeError("the JVM of %s closed the items before their end" % function)


def _callee(app_name, name, parameters):
    """The client's handle on a function the Java code names: this app's by its cloud names."""
    if app_name == _APP_NAME and name in _CLOUD_NAMES:
        parts = _CLOUD_NAMES[name]
    else:
        parts = name.split(".", 1)
    if len(parts) == 2:
        return getattr(modal.Cls.from_name(app_name, parts[0])(**parameters), parts[1])
    return modal.Function.from_name(app_name, parts[0])


def _answers(request):
    """Makes one call of the Java code with the client: the answer's messages."""
    op = request["op"]
    if op == "get":
        yield {"value": modal.FunctionCall.from_id(request["call_id"]).get(timeout=request["timeout"])}
        return
    if op == "cancel":
        call = modal.FunctionCall.from_id(request["call_id"])
        call.cancel(terminate_containers=request["terminate_containers"])
        yield {"value": None}
        return
    if op == "server_url":
        # modal.Server (client 1.5.1+): its URL is its first flash URL
        yield {"value": modal.Server.from_name(request["app"], request["function"]).get_url()}
        return
    function = _callee(request["app"], request["function"], request.get("parameters") or {})
    args = request.get("args") or []
    if op == "remote":
        yield {"value": function.remote(*args)}
    elif op == "spawn":
        yield {"call_id": function.spawn(*args).object_id}
    elif op == "remote_gen":
        for item in function.remote_gen(*args):
            yield {"item": item}
        yield {"end": True}
    elif op in ("map", "starmap"):
        inputs = request["inputs"]
        options = dict(order_outputs=request["order_outputs"],
                       return_exceptions=request["return_exceptions"], wrap_returned_exceptions=False)
        if op == "map":
            results = function.map([i[0] for i in inputs], **options)
        else:
            results = function.starmap(inputs, **options)
        for result in results:
            if request["return_exceptions"] and isinstance(result, BaseException):
                yield {"failure": _error(request["function"], result)}
            else:
                yield {"item": result}
        yield {"end": True}
    elif op == "web_url":
        yield {"value": function.get_web_url()}
    else:
        raise ValueError("the bridge has no op %r" % op)


def _error(function, error):
    """A failure as the JVM reads it: the kind says which exception the Java caller gets."""
    if isinstance(error, _JavaError):
        return error.args[1]
    if isinstance(error, modal.exception.FunctionTimeoutError):
        kind = "function_timeout"
    elif isinstance(error, (TimeoutError, modal.exception.TimeoutError)):
        kind = "timeout"  # FunctionCall.get(timeout=...) raises the builtin TimeoutError
    elif isinstance(error, modal.exception.NotFoundError):
        kind = "not_found"
    elif isinstance(error, modal.exception.InvalidError):
        kind = "invalid"
    else:
        kind = "remote"
    name = type(error).__module__ + "." + type(error).__qualname__
    trace = _traceback.format_exception(type(error), error, error.__traceback__)
    return {"kind": kind, "function": function, "type": name.replace("builtins.", ""),
            "message": str(error), "trace": "".join(trace), "frames": []}


class _Bridge(_http_server.BaseHTTPRequestHandler):
    """The bridge: each POST one call of the Java code, answered in JSON lines."""

    def do_POST(self):
        request = _json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        try:
            for message in _answers(request):
                self._send(message)
        except Exception as error:
            self._send({"error": _error(request.get("function") or request.get("call_id"), error)})

    def _send(self, message):
        self.wfile.write((_json.dumps(message) + "\n").encode())
        self.wfile.flush()

    def log_message(self, format, *args):
        pass  # the calls are the app's business, not the container log's


def _parameters(instance, names):
    """The JVM's arguments for the values of a class's parameters, as text (bool: true/false)."""
    arguments = []
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, bytes):
            text = value.decode()
        else:
            text = str(value)
        arguments += ["--parameter", "%s=%s" % (name, text)]
    return arguments
