"""Runs an exported app file against the stand-in `modal` package and prints what it declares.

Usage: python3 record_app.py APP_FILE. Prints one JSON object: the apps, each function's and
class's declaration (a function that code calls, and a class's @modal.method, with its signature
and whether it is a generator), and the command each web function's body and each class's enter
hooks start, caught by a stand-in for subprocess.Popen: nothing is started. A function that code
calls starts its JVM at its first input, which none is given here.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import modal  # noqa: E402  the stand-in

started = []


class FakeProcess:
    def __init__(self, args, **kwargs):
        started.append(list(args))
        self.events = []

    def terminate(self):
        started.append(["terminate"])

    def wait(self, timeout=None):
        started.append(["wait", timeout])
        return 0


subprocess.Popen = FakeProcess

path = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location(path.stem, path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)



def lifecycle(record, instance):
    """A class's declaration with what its enter then exit hooks start."""
    started.clear()
    for name in record["enter"]:
        getattr(instance, name)()
    for name in record["exit"]:
        getattr(instance, name)()
    entry = {k: v for k, v in record.items() if k != "type"}
    return dict(entry, started=list(started))


report = {"apps": []}
for app in modal.REGISTRY["apps"]:
    functions = []
    for record in app.record["functions"]:
        started.clear()
        if record["web_server"] is not None:
            getattr(module, record["implementation"]).raw()
        functions.append(dict(record, started=list(started)))
    classes = [lifecycle(record, modal._instantiate(record["type"], {}, missing=""))
               for record in app.record["classes"]]
    servers = [lifecycle(record, record["type"]()) for record in app.record["servers"]]
    report["apps"].append(
        {"name": app.record["name"], "functions": functions, "classes": classes, "servers": servers}
    )
print(json.dumps(report))
