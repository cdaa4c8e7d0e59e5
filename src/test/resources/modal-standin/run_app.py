"""Runs a call of an exported app file against the stand-in `modal` package, for real.

Usage: python3 run_app.py APP_FILE LIB_DIR JAVA RESULT_FILE APP FUNCTION ARGS_JSON

Loads the file as a container would, then calls FUNCTION of APP with `modal.Function.from_name`:
the stand-in runs the function's body, which starts its JVM (JAVA, the jars in LIB_DIR instead of
the image's /app/lib) with real subprocesses, passes the input to the JVM's call port and starts
the bridge, through which the Java code's own calls come back to the stand-in. Every container's
JVM runs on this host, so each JVM's call ports are moved by an offset of its own to free ones. Writes
{"result": ..., "error": ..., "calls": [what the stand-in recorded]} to RESULT_FILE, then stops
every JVM it started (a class's through its exit hook).
"""

import importlib.util
import json
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import modal  # noqa: E402  the stand-in

app_file, lib, java, result_file, app_name, function, args = sys.argv[1:8]
CALL_PORTS = range(9000, 9100)


def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_offset():
    for _ in range(100):
        candidate = random.randrange(10000, 50000)
        if all(free(p + candidate) for p in range(9000, 9010)):
            return candidate
    raise RuntimeError("no free ports")


offsets = {}  # each JVM's, by process
log = open(Path(result_file).with_suffix(".log"), "w")
started = []
real_popen = subprocess.Popen


def moved(argument, offset):
    match = re.fullmatch(r"([^-].*)=(\d+)", argument)
    if match and int(match.group(2)) in CALL_PORTS:
        return "%s=%d" % (match.group(1), int(match.group(2)) + offset)
    return argument


def popen(args, **kwargs):
    offset = free_offset()
    process = real_popen([moved(a, offset) for a in args], stdout=log, stderr=subprocess.STDOUT)
    offsets[process] = offset
    started.append(process)
    return process


subprocess.Popen = popen

path = Path(app_file)
spec = importlib.util.spec_from_file_location(path.stem, path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
# Quicker starts for short-lived test JVMs (no class-data archive here: not the image)
module._JAVA = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
module._CONTAINER = [part.replace("/app/lib", lib) for part in module._CONTAINER]
file_lines = module._lines
module._lines = lambda name, port, jvm, arguments: file_lines(name, port + offsets[jvm], jvm, arguments)

report = {}
try:
    report["result"] = modal.Function.from_name(app_name, function).remote(*json.loads(args))
except Exception as e:
    report["error"] = "%s: %s" % (type(e).__name__, e)
finally:
    for instance in list(modal._Obj._instances.values()):
        for app in modal.REGISTRY["apps"]:
            for record, user_cls in app.classes_by_name.values():
                if isinstance(instance, user_cls):
                    for name in record["exit"]:
                        getattr(instance, name)()
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
report["calls"] = modal.REGISTRY["calls"]
Path(result_file).write_text(json.dumps(report))
