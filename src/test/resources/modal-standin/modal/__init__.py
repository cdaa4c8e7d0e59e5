"""A stand-in for the cloud client's `modal` package, for tests that can't reach the cloud.

Written from the public signatures and checks of modal-client 1.5 (py/modal/app.py,
py/modal/_partial_function.py, py/modal/_image.py, py/modal/_utils/deprecation.py): the same
keyword-only parameters, the same checks with the same messages where the client makes them
before talking to the cloud. It builds nothing and deploys nothing: it records what a file
declares, in REGISTRY, for record_app.py to report. What it can't show is everything the cloud
does after that (building the image, scheduling containers, routing).
"""

import inspect
import re

REGISTRY = {"apps": []}


class InvalidError(Exception):
    pass


class DeprecationError(Exception):
    pass


def _deprecated(on, message):
    raise DeprecationError(f"Deprecated on {on}: {message}")


class Image:
    """Records its build steps; enforces the client's rule on steps after local files."""

    def __init__(self, steps, uncopied_files=False):
        self.steps = steps
        self._uncopied = uncopied_files

    @staticmethod
    def debian_slim(python_version=None, force_build=False):
        if isinstance(python_version, float):
            raise TypeError("The `python_version` argument should be a string, not a float.")
        return Image([["debian_slim", python_version]])

    @staticmethod
    def from_registry(tag, secret=None, *, setup_dockerfile_commands=[], force_build=False, add_python=None, **kwargs):
        # The client's check of add_python (_image.py: _validate_python_version, no micro version).
        if add_python is not None:
            if not isinstance(add_python, str):
                raise InvalidError(f"Python version must be specified as a string, not {type(add_python).__name__}")
            if not re.match(r"^3(?:\.\d{1,2}){1,2}(rc\d*)?t?$", add_python):
                raise InvalidError(f"Invalid Python version: {add_python!r}")
            if len(add_python.split(".")) == 3:
                raise InvalidError(
                    "Python version must be specified as 'major.minor' for this interface;"
                    f" micro-level specification ({add_python!r}) is not valid."
                )
        return Image([["from_registry", tag, add_python]])

    def _then(self, step, uncopied=False):
        if self._uncopied:
            raise InvalidError(
                "An image tried to run a build step after using `image.add_local_*` to include local files."
            )
        return Image(self.steps + [step], uncopied or self._uncopied)

    def apt_install(self, *packages, force_build=False, env=None, secrets=None, gpu=None):
        return self._then(["apt_install", *packages])

    def add_local_dir(self, local_path, remote_path, *, copy=False, ignore=[]):
        if not str(remote_path).startswith("/"):
            raise InvalidError("image.add_local_dir() currently only supports absolute remote_path values")
        return self._then(["add_local_dir", str(local_path), remote_path, copy], uncopied=not copy)

    def run_commands(self, *commands, env=None, secrets=None, volumes=None, gpu=None, force_build=False):
        return self._then(["run_commands", *commands])

    def env(self, vars):
        return self._then(["env", vars])

    def workdir(self, path):
        return self._then(["workdir", str(path)])


class _PartialFunction:
    def __init__(self, raw):
        self.raw = raw
        self.web_server = None
        self.concurrent = None
        self.lifecycle = None

    def __call__(self, *args, **kwargs):
        return self.raw(*args, **kwargs)

    def __get__(self, instance, owner=None):
        # A method of a class: bound to the instance, as the client's PartialFunction is.
        if instance is None:
            return self
        return self.raw.__get__(instance, owner)


def _partial(obj, decorator):
    if inspect.isclass(obj):
        raise InvalidError(
            f"Cannot apply `@modal.{decorator}` to a class. Hint: consider applying to a method instead."
        )
    if isinstance(obj, _Function):
        raise InvalidError(
            f"Cannot stack `@modal.{decorator}` on top of `@app.function`. Hint: swap the order of the decorators."
        )
    if isinstance(obj, _PartialFunction):
        return obj
    if not callable(obj):
        raise InvalidError(f"The object wrapped by `@modal.{decorator}` must be callable.")
    return _PartialFunction(obj)


def web_server(port, *, startup_timeout=5.0, label=None, custom_domains=None, requires_proxy_auth=False):
    if not isinstance(port, int) or port < 1 or port > 65535:
        raise InvalidError("First argument of `@web_server` must be a local port, such as `@web_server(8000)`.")
    if startup_timeout <= 0:
        raise InvalidError("The `startup_timeout` argument of `@web_server` must be positive.")
    assert not isinstance(custom_domains, str), "custom_domains must be `Iterable[str]` but is `str` instead."

    def wrapper(obj):
        pf = _partial(obj, "web_server")
        if inspect.iscoroutinefunction(pf.raw):
            raise InvalidError("The `@modal.web_server` decorator can't be applied to an async function.")
        parameters = [p for p in inspect.signature(pf.raw).parameters if p != "self"]
        if parameters:
            raise InvalidError("Functions decorated by `@modal.web_server` can't have parameters.")
        if pf.lifecycle is not None:
            raise InvalidError("Interface decorators cannot be combined with lifecycle decorators.")
        if pf.web_server is not None:
            raise InvalidError("Cannot set `webhook_config` twice.")
        pf.web_server = {
            "port": port,
            "startup_timeout": startup_timeout,
            "label": label,
            "custom_domains": list(custom_domains or []),
            "requires_proxy_auth": requires_proxy_auth,
        }
        return pf

    return wrapper


def concurrent(*, max_inputs=None, target_inputs=None):
    if target_inputs and max_inputs and target_inputs > max_inputs:
        raise InvalidError("`target_inputs` parameter cannot be greater than `max_inputs`.")

    def wrapper(obj):
        config = {"max_inputs": max_inputs, "target_inputs": target_inputs}
        if inspect.isclass(obj):
            obj.__modal_concurrent__ = config
            return obj
        pf = _partial(obj, "concurrent")
        pf.concurrent = config
        return pf

    return wrapper


def enter(*, snap=False):
    def wrapper(obj):
        pf = _partial(obj, "enter")
        if pf.web_server is not None:
            raise InvalidError("Interface decorators cannot be combined with lifecycle decorators.")
        pf.lifecycle = "enter"
        return pf

    return wrapper


def exit():
    def wrapper(obj):
        pf = _partial(obj, "exit")
        if pf.web_server is not None:
            raise InvalidError("Interface decorators cannot be combined with lifecycle decorators.")
        pf.lifecycle = "exit"
        return pf

    return wrapper


class _Function:
    def __init__(self, record, raw):
        self.record = record
        self.raw = raw


_RENAMED = {
    "keep_warm": "min_containers",
    "concurrency_limit": "max_containers",
    "container_idle_timeout": "scaledown_window",
}


def _scaling(kwargs):
    for old, new in _RENAMED.items():
        if old in kwargs:
            _deprecated("2025-02-24", f"The '{old}' parameter has been renamed to '{new}'.")
    if "allow_concurrent_inputs" in kwargs:
        _deprecated(
            "2025-04-09",
            "The 'allow_concurrent_inputs' parameter is deprecated. Use the '@modal.concurrent' decorator instead.",
        )
    known = {"image", "secrets", "min_containers", "max_containers", "buffer_containers", "scaledown_window",
             "timeout", "startup_timeout"}
    unknown = set(kwargs) - known
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {sorted(unknown)}")
    return {k: v for k, v in kwargs.items() if k != "image" and v is not None}


class App:
    def __init__(self, name=None, *, tags=None, image=None, secrets=[], volumes={}, include_source=True):
        if name is not None and not isinstance(name, str):
            raise InvalidError("Invalid value for `name`: Must be string.")
        self.name = name
        self.record = {"name": name, "functions": [], "classes": []}
        REGISTRY["apps"].append(self)

    def function(self, _warn_parentheses_missing=None, *, name=None, **kwargs):
        if _warn_parentheses_missing is not None:
            raise InvalidError("Did you forget parentheses? Suggestion: `@app.function()`.")
        scaling = _scaling(kwargs)
        image = kwargs.get("image")

        def wrapper(obj):
            pf = obj if isinstance(obj, _PartialFunction) else _PartialFunction(obj)
            if pf.concurrent is not None and pf.concurrent["max_inputs"] is None:
                raise TypeError("`@modal.concurrent()` missing required argument: `max_inputs`.")
            # As FunctionInfo: the cloud's name is `name=` when given; the container still
            # finds the function by its Python name (implementation_name).
            record = {
                "name": name or pf.raw.__qualname__,
                "implementation": pf.raw.__qualname__,
                "image": image.steps if image else None,
                "scaling": scaling,
                "concurrent": pf.concurrent,
                "web_server": pf.web_server,
            }
            self.record["functions"].append(record)
            return _Function(record, pf.raw)

        return wrapper

    def cls(self, _warn_parentheses_missing=None, **kwargs):
        if _warn_parentheses_missing is not None:
            raise InvalidError("Did you forget parentheses? Suggestion: `@app.cls()`.")
        scaling = _scaling(kwargs)
        image = kwargs.get("image")

        def wrapper(user_cls):
            concurrent = getattr(user_cls, "__modal_concurrent__", None)
            if concurrent is not None and concurrent["max_inputs"] is None:
                raise TypeError("`@modal.concurrent()` missing required argument: `max_inputs`.")
            methods = {name: v for name, v in vars(user_cls).items() if isinstance(v, _PartialFunction)}
            for v in methods.values():
                if v.concurrent is not None:
                    raise InvalidError(
                        "The `@modal.concurrent` decorator cannot be used on methods; decorate the class instead."
                    )
            record = {
                "name": user_cls.__name__,
                "image": image.steps if image else None,
                "scaling": scaling,
                "concurrent": concurrent,
                "enter": [n for n, v in methods.items() if v.lifecycle == "enter"],
                "exit": [n for n, v in methods.items() if v.lifecycle == "exit"],
                "web_servers": [dict(method=n, **v.web_server) for n, v in methods.items() if v.web_server],
            }
            self.record["classes"].append(record)
            record["type"] = user_cls
            return user_cls

        return wrapper
