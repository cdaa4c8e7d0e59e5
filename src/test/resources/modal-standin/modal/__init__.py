"""A stand-in for the cloud client's `modal` package, for tests that can't reach the cloud.

Written from the public signatures and checks of modal-client 1.5 (py/modal/app.py,
py/modal/_partial_function.py, py/modal/_image.py, py/modal/_utils/deprecation.py,
py/modal/_functions.py, py/modal/cls.py, py/modal/parallel_map.py): the same keyword-only
parameters, the same checks with the same messages where the client makes them before talking to
the cloud. It builds nothing and deploys nothing: it records what a file declares, in REGISTRY,
for record_app.py to report. Calls (Function.from_name, Cls.from_name, FunctionCall.from_id and
their verbs) run the function of an app the stand-in has recorded, in this process, and are
recorded in REGISTRY["calls"]. What it can't show is everything the cloud does after that
(building the image, scheduling containers, routing, pickling).
"""

import concurrent.futures as _futures
import inspect
import itertools
import posixpath
import re
import threading
from pathlib import PurePath

REGISTRY = {"apps": [], "calls": []}


class InvalidError(Exception):
    pass


from . import exception  # noqa: E402  after InvalidError, which it shares

exception.InvalidError = InvalidError


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
        self.method = None

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


def method(_warn_parentheses_missing=None, *, is_generator=None):
    # _partial_function.py: _method
    if _warn_parentheses_missing is not None:
        raise InvalidError(
            "Positional arguments are not allowed. Did you forget parentheses? Suggestion: `@modal.method()`."
        )

    def wrapper(obj):
        pf = _partial(obj, "method")
        if pf.web_server is not None or pf.lifecycle is not None:
            raise InvalidError("Interface decorators cannot be combined with lifecycle decorators.")
        generator = is_generator
        if generator is None:
            generator = inspect.isgeneratorfunction(pf.raw) or inspect.isasyncgenfunction(pf.raw)
        pf.method = {"is_generator": generator}
        return pf

    return wrapper


_no_default = object()


class _Parameter:
    def __init__(self, default, init):
        self.default = default
        self.init = init


def parameter(*, default=_no_default, init=True):
    # cls.py: parameter
    return _Parameter(default=default, init=init)


def _instantiate(user_cls, parameters, missing=_no_default):
    """An instance of a class with its parameters set, as the client's synthesized constructor
    takes them (keyword arguments); `missing`: the value of a required one not given."""
    declared = {n: v for n, v in vars(user_cls).items() if isinstance(v, _Parameter) and v.init}
    for name in parameters:
        if name not in declared:
            raise TypeError(f"{user_cls.__name__}.__init__() got an unexpected keyword argument '{name}'")
    instance = user_cls()
    for name, declaration in declared.items():
        if name in parameters:
            value = parameters[name]
        elif declaration.default is not _no_default:
            value = declaration.default
        elif missing is not _no_default:
            value = missing
        else:
            raise TypeError(f"{user_cls.__name__}.__init__() missing 1 required keyword-only argument: '{name}'")
        setattr(instance, name, value)
    return instance


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


_IDS = itertools.count(1)
_POOL = _futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="standin-input")


def _record_call(verb, **details):
    REGISTRY["calls"].append(dict(verb=verb, **details))


class _Invocable:
    """The client's call verbs (_functions.py: remote, spawn, remote_gen, map, starmap, for_each,
    get_web_url, local), run here in this process on the function an app of the stand-in declared."""

    def _target(self):
        """(app name, function name, the callable, is_generator, web URL or None)"""
        raise NotImplementedError

    def _extra(self):
        """More of a call to record: a class's parameters."""
        return {}

    def _check_no_web_url(self, fn_name):
        app_name, name, _, _, url = self._target()
        if url:
            raise InvalidError(
                f"A webhook function cannot be invoked for remote execution with `.{fn_name}`. "
                f"Invoke this function via its web url '{url}' "
                + f"or call it locally: {name}.local()"
            )

    def remote(self, *args, **kwargs):
        app_name, name, run, generator, _ = self._target()
        _record_call("remote", app=app_name, function=name, args=list(args), **self._extra())
        self._check_no_web_url("remote")
        if generator:
            raise InvalidError(
                "A generator function cannot be called with `.remote(...)`. Use `.remote_gen(...)` instead."
            )
        return run(*args, **kwargs)

    def remote_gen(self, *args, **kwargs):
        app_name, name, run, generator, _ = self._target()
        _record_call("remote_gen", app=app_name, function=name, args=list(args), **self._extra())
        self._check_no_web_url("remote_gen")
        if not generator:
            raise InvalidError(
                "A non-generator function cannot be called with `.remote_gen(...)`. Use `.remote(...)` instead."
            )
        yield from run(*args, **kwargs)

    def spawn(self, *args, **kwargs):
        app_name, name, run, generator, _ = self._target()
        self._check_no_web_url("spawn")
        if generator:
            raise InvalidError("Cannot `spawn` a generator function.")
        call = FunctionCall(f"fc-standin{next(_IDS):017d}", _POOL.submit(run, *args, **kwargs))
        _record_call("spawn", app=app_name, function=name, args=list(args), call_id=call.object_id, **self._extra())
        _CALLS[call.object_id] = call
        return call

    def map(self, *input_iterators, kwargs={}, order_outputs=True, return_exceptions=False,
            wrap_returned_exceptions=None):
        return self._map("map", list(zip(*input_iterators)), kwargs, return_exceptions)

    def starmap(self, input_iterator, *, kwargs={}, order_outputs=True, return_exceptions=False,
                wrap_returned_exceptions=None):
        return self._map("starmap", [tuple(i) for i in input_iterator], kwargs, return_exceptions)

    def for_each(self, *input_iterators, kwargs={}, ignore_exceptions=False):
        for _ in self._map("for_each", list(zip(*input_iterators)), kwargs, ignore_exceptions):
            pass

    def _map(self, verb, inputs, kwargs, return_exceptions):
        app_name, name, run, generator, _ = self._target()
        _record_call(verb, app=app_name, function=name, args=[list(i) for i in inputs], **self._extra())
        self._check_no_web_url(verb)
        if generator:
            raise InvalidError("A generator function cannot be called with `.map(...)`.")
        for future in [_POOL.submit(run, *i, **kwargs) for i in inputs]:
            try:
                yield future.result()
            except Exception as e:
                if not return_exceptions:
                    raise
                yield e

    def get_web_url(self):
        app_name, name, _, _, url = self._target()
        _record_call("get_web_url", app=app_name, function=name)
        return url

    def local(self, *args, **kwargs):
        return self._target()[2](*args, **kwargs)


class _Function(_Invocable):
    def __init__(self, record, raw, app_name=None):
        self.record = record
        self.raw = raw
        self.app_name = app_name

    def _target(self):
        web = self.record.get("web_server")
        url = None
        if web:
            label = web["label"] or f"{self.app_name}-{self.record['name']}".replace("_", "-")
            url = f"https://standin--{label}.modal.run"
        return self.app_name, self.record["name"], self.raw, self.record.get("is_generator"), url

    @staticmethod
    def from_name(app_name, name, *, version=None, environment_name=None, client=None):
        # _functions.py: Function.from_name; lazy, as the client's: a missing one fails at first use
        if "." in name:
            raise InvalidError(
                f"Invalid Function name: {name!r}. "
                "If you are trying to look up a class method, use `modal.Cls.from_name` instead."
            )
        _record_call("Function.from_name", app=app_name, function=name)
        return _Lookup(app_name, name)


class _Lookup(_Function):
    """A function by name, found among the apps the stand-in recorded when first used."""

    def __init__(self, app_name, name):
        super().__init__(None, None, app_name)
        self.name = name

    def _target(self):
        for app in REGISTRY["apps"]:
            if app.name == self.app_name and self.name in app.functions_by_name:
                return app.functions_by_name[self.name]._target()
        # The client's refinement of the server's NotFoundError (Function.from_name's loader)
        raise exception.NotFoundError(
            f"Lookup failed for Function '{self.name}' from the '{self.app_name}' app: "
            f"Function not found."
        )


Function = _Function


class Server:
    """A server by name (_server.py: Server.from_name, get_url), found among the recorded apps."""

    def __init__(self, app_name, name):
        self.app_name = app_name
        self.name = name

    @staticmethod
    def from_name(app_name, name, *, environment_name=None, client=None):
        _record_call("Server.from_name", app=app_name, server=name)
        return Server(app_name, name)

    def get_url(self):
        for app in REGISTRY["apps"]:
            for record in app.record["servers"]:
                if app.name == self.app_name and record["name"] == self.name:
                    # the stand-in's own host: the cloud's flash URL is its own to give
                    return f"https://stand-in--{self.app_name}-{self.name}.{record['routing_region']}.modal.direct"
        # the lookup of the server's service function, as Function.from_name's loader refines it
        raise exception.NotFoundError(
            f"Lookup failed for Function '{self.name}' from the '{self.app_name}' app: "
            f"Function not found."
        )


class Cls:
    """A class by name (cls.py: Cls.from_name), called with its parameters for an instance."""

    def __init__(self, app_name, name):
        self.app_name = app_name
        self.name = name

    @staticmethod
    def from_name(app_name, name, *, version=None, environment_name=None, client=None):
        _record_call("Cls.from_name", app=app_name, cls=name)
        return Cls(app_name, name)

    def __call__(self, **parameters):
        return _Obj(self, parameters)


class _Obj:
    """An instance of a class by name: its container's instance, entered once."""

    _instances = {}
    _lock = threading.Lock()

    def __init__(self, cls, parameters):
        self._cls = cls
        self._parameters = parameters

    def __getattr__(self, method):
        if method.startswith("_"):
            raise AttributeError(method)
        return _MethodHandle(self, method)

    def _found(self):
        for app in REGISTRY["apps"]:
            if app.name == self._cls.app_name and self._cls.name in app.classes_by_name:
                return app.classes_by_name[self._cls.name]
        raise exception.NotFoundError(
            f"Lookup failed for Cls '{self._cls.name}' from the '{self._cls.app_name}' app: Class not found."
        )

    def _instance(self):
        record, user_cls = self._found()
        key = (self._cls.app_name, self._cls.name, tuple(sorted(self._parameters.items())))
        with _Obj._lock:
            if key not in _Obj._instances:
                instance = _instantiate(user_cls, self._parameters)
                for name in record["enter"]:
                    getattr(instance, name)()
                _Obj._instances[key] = instance
            return record, _Obj._instances[key]


class _MethodHandle(_Invocable):
    def __init__(self, obj, method):
        self.obj = obj
        self.method = method

    def _extra(self):
        return {"parameters": self.obj._parameters} if self.obj._parameters else {}

    def _target(self):
        record, _ = self.obj._found()
        methods = {m["method"]: m for m in record["methods"]}
        if self.method not in methods:
            raise exception.NotFoundError(
                f"Class has no method {self.method}, and attributes can't be accessed for `Cls.from_name` instances"
            )

        def run(*args, **kwargs):
            return getattr(self.obj._instance()[1], self.method)(*args, **kwargs)

        return (self.obj._cls.app_name, f"{self.obj._cls.name}.{self.method}", run,
                methods[self.method]["is_generator"], None)


_CALLS = {}


class FunctionCall:
    """A spawned call (_functions.py: _FunctionCall): its result, by id too."""

    def __init__(self, object_id, future):
        self.object_id = object_id
        self._future = future

    @staticmethod
    def from_id(function_call_id, client=None):
        _record_call("FunctionCall.from_id", call_id=function_call_id)
        return FunctionCall(function_call_id, None)

    def _call(self):
        if self._future is not None:
            return self
        if self.object_id not in _CALLS:
            raise exception.NotFoundError(f"Function call {self.object_id} not found")
        return _CALLS[self.object_id]

    def get(self, timeout=None, *, index=0):
        _record_call("get", call_id=self.object_id, timeout=timeout)
        try:
            return self._call()._future.result(timeout=timeout)
        except _futures.TimeoutError:
            raise TimeoutError() from None  # the builtin, as _Invocation.poll_function raises

    def cancel(self, terminate_containers=False):
        _record_call("cancel", call_id=self.object_id, terminate_containers=terminate_containers)
        self._call()._future.cancel()

    def num_inputs(self):
        return 1


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
             "timeout", "startup_timeout", "env", "gpu", "volumes", "cpu", "memory", "ephemeral_disk", "cloud",
             "region"}
    unknown = set(kwargs) - known
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {sorted(unknown)}")
    return {k: v for k, v in kwargs.items() if k in _SCALING and v is not None}


_SCALING = {"min_containers", "max_containers", "buffer_containers", "scaledown_window", "timeout", "startup_timeout"}


def _parse_gpu_config(value):
    # _utils/function_utils.py: parse_gpu_config, for each entry of the list form
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidError(f"Invalid GPU config: {value!r}. Value must be a string or `None`")
    count = 1
    if ":" in value:
        value, count_str = value.split(":", 1)
        try:
            count = int(count_str)
        except ValueError:
            raise InvalidError(f"Invalid GPU count: {count_str}. Value must be an integer.")
    return [value.upper(), count]


def _resources(kwargs):
    """What the client checks of a function's resources before it talks to the cloud (_resources.py:
    convert_fn_config_to_resources_config, mount_utils.validate_volumes, Secret.from_dict), and what
    the file declared."""
    gpu = kwargs.get("gpu")
    gpus = gpu if isinstance(gpu, list) else [gpu] if gpu else []
    cpu = kwargs.get("cpu")
    if cpu and isinstance(cpu, tuple):
        if not cpu[0]:
            raise InvalidError("CPU request must be a positive number")
        elif not cpu[1]:
            raise InvalidError("CPU limit must be a positive number")
        milli_cpu, milli_cpu_max = int(1000 * cpu[0]), int(1000 * cpu[1])
        if milli_cpu_max < milli_cpu:
            raise InvalidError(f"Cannot specify a CPU limit lower than request: {milli_cpu_max} < {milli_cpu}")
    memory = kwargs.get("memory")
    if memory and isinstance(memory, tuple):
        memory_mb, memory_mb_max = memory
        if memory_mb_max < memory_mb:
            raise InvalidError(f"Cannot specify a memory limit lower than request: {memory_mb_max} < {memory_mb}")
    volumes = kwargs.get("volumes") or {}
    if not isinstance(volumes, dict):
        raise InvalidError(f"`volume_likes` should be a dict[str | PurePosixPath, Volume], got {type(volumes)} instead")
    mounts = {}
    for path, volume in volumes.items():
        path = PurePath(path).as_posix()
        abs_path = posixpath.abspath(path)
        if path != abs_path:
            raise InvalidError(f"Volume {path} must be a canonical, absolute path.")
        elif abs_path == "/":
            raise InvalidError(f"Volume {path} cannot be mounted into root directory.")
        elif abs_path == "/root":
            raise InvalidError(f"Volume {path} cannot be mounted at '/root'.")
        elif abs_path == "/tmp":
            raise InvalidError(f"Volume {path} cannot be mounted at '/tmp'.")
        if not isinstance(volume, Volume):
            raise InvalidError(f"Object of type {type(volume)} mounted at '{path}' is not usable as a volume.")
        mounts[path] = volume
    by_volume = {}
    for path, volume in mounts.items():
        by_volume.setdefault(volume.name, []).append(path)
    for paths in by_volume.values():
        if len(paths) > 1:
            conflicting = ", ".join(paths)
            raise InvalidError(
                f"The same Volume cannot be mounted in multiple locations for the same function: {conflicting}"
            )
    env = kwargs.get("env")
    if env is not None:
        if not isinstance(env, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in env.items()
        ):
            raise InvalidError("the env_dict argument to Secret has to be a dict[str, Union[str, None]]")
    secrets = kwargs.get("secrets") or []
    return {
        "gpu": [_parse_gpu_config(g) for g in gpus],
        "cpu": list(cpu) if isinstance(cpu, tuple) else cpu,
        "memory": list(memory) if isinstance(memory, tuple) else memory,
        "ephemeral_disk": kwargs.get("ephemeral_disk"),
        "region": kwargs.get("region"),
        "cloud": kwargs.get("cloud"),
        "secrets": [s.name for s in secrets],
        "volumes": {path: [v.name, v.create_if_missing] for path, v in mounts.items()},
        "env": env,
    }


def _check_object_name(name, object_type):
    # _utils/name_utils.py: check_object_name
    valid = (
        len(name) <= 64
        and re.match("^[a-zA-Z0-9-_.]+$", name) is not None
        and re.match("^ap-[a-zA-Z0-9]{22}$", name) is None
    )
    if not valid:
        raise InvalidError(
            f"Invalid {object_type} name: '{name}'."
            "\n\nNames may contain only alphanumeric characters, dashes, periods, and underscores,"
            " must be shorter than 64 characters, and cannot conflict with App ID strings."
        )


class Secret:
    def __init__(self, name):
        self.name = name

    @staticmethod
    def from_name(name, *, environment_name=None, required_keys=[], client=None):
        _check_object_name(name, "Secret")
        return Secret(name)


class Volume:
    def __init__(self, name, create_if_missing):
        self.name = name
        self.create_if_missing = create_if_missing

    @staticmethod
    def from_name(name, *, environment_name=None, create_if_missing=False, version=None, create_options=None,
                  client=None):
        _check_object_name(name, "Volume")
        return Volume(name, create_if_missing)


class App:
    def __init__(self, name=None, *, tags=None, image=None, secrets=[], volumes={}, include_source=True):
        if name is not None and not isinstance(name, str):
            raise InvalidError("Invalid value for `name`: Must be string.")
        self.name = name
        self.record = {"name": name, "functions": [], "classes": [], "servers": []}
        self.functions_by_name = {}
        self.classes_by_name = {}
        REGISTRY["apps"].append(self)

    def function(self, _warn_parentheses_missing=None, *, name=None, **kwargs):
        if _warn_parentheses_missing is not None:
            raise InvalidError("Did you forget parentheses? Suggestion: `@app.function()`.")
        scaling = _scaling(kwargs)
        resources = _resources(kwargs)
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
                "resources": resources,
                "concurrent": pf.concurrent,
                "web_server": pf.web_server,
                "is_generator": inspect.isgeneratorfunction(pf.raw),
                "signature": str(inspect.signature(pf.raw)),
            }
            self.record["functions"].append(record)
            function = _Function(record, pf.raw, self.name)
            self.functions_by_name[record["name"]] = function
            return function

        return wrapper

    def cls(self, _warn_parentheses_missing=None, **kwargs):
        if _warn_parentheses_missing is not None:
            raise InvalidError("Did you forget parentheses? Suggestion: `@app.cls()`.")
        scaling = _scaling(kwargs)
        resources = _resources(kwargs)
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
                "resources": resources,
                "concurrent": concurrent,
                "http_server": getattr(user_cls, "__modal_http_server__", None),
                "enter": [n for n, v in methods.items() if v.lifecycle == "enter"],
                "exit": [n for n, v in methods.items() if v.lifecycle == "exit"],
                "web_servers": [dict(method=n, **v.web_server) for n, v in methods.items() if v.web_server],
                "methods": [
                    dict(method=n, signature=str(inspect.signature(v.raw)), **v.method)
                    for n, v in methods.items()
                    if v.method
                ],
                "parameters": [
                    {
                        "name": n,
                        "type": getattr(user_cls, "__annotations__", {}).get(n, object).__name__,
                        "default": None if v.default is _no_default
                        else v.default.decode() if isinstance(v.default, bytes) else v.default,
                        "required": v.default is _no_default,
                    }
                    for n, v in vars(user_cls).items()
                    if isinstance(v, _Parameter) and v.init
                ],
            }
            if record["http_server"] is not None:
                # app.py (cls): an http_server class takes no callable methods
                if record["methods"]:
                    raise InvalidError("Callable decorators cannot be combined with web interface decorators.")
            self.record["classes"].append(record)
            self.classes_by_name[user_cls.__name__] = (record, user_cls)
            record["type"] = user_cls
            return user_cls

        return wrapper


def _validate_http_server_config(port, proxy_regions, startup_timeout, exit_grace_period, is_server=False):
    # _server.py: validate_http_server_config
    if not isinstance(port, int) or port < 1 or port > 65535:
        raise InvalidError("Port must be a positive integer between 1 and 65535.")
    if startup_timeout <= 0:
        raise InvalidError("The `startup_timeout` argument must be positive.")
    if exit_grace_period is not None and exit_grace_period < 0:
        raise InvalidError("The `exit_grace_period` argument must be non-negative.")
    if is_server:
        if exit_grace_period is not None and exit_grace_period > 3600:
            raise InvalidError("The `exit_grace_period` argument must not exceed 3600 seconds (1 hour).")
    elif exit_grace_period is not None and exit_grace_period > 25:
        raise InvalidError("The `exit_grace_period` argument must not exceed 25 seconds.")
    if not proxy_regions or not proxy_regions[0]:
        if is_server:
            raise InvalidError("The `routing_region` argument must be passed.")
        raise InvalidError("The `proxy_regions` argument must be non-empty.")


def _validate_target_concurrency(value, param_name, allow_fractional):
    # _utils/function_utils.py: validate_target_concurrency
    import math

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidError(f"The `{param_name}` argument must be a number, not {type(value).__name__}.")
    if not math.isfinite(value):
        raise InvalidError(f"The `{param_name}` argument must be finite, not {value}.")
    if value < 0:
        raise InvalidError(f"The `{param_name}` argument must be non-negative.")
    if not allow_fractional and not isinstance(value, int):
        raise InvalidError(
            f"The `{param_name}` argument must be an integer; fractional values are only supported for Servers."
        )


def _server(self, _warn_parentheses_missing=None, *, image=None, env=None, secrets=None, gpu=None,
            serialized=False, volumes={}, cpu=None, memory=None, ephemeral_disk=None, target_concurrency=None,
            min_containers=None, max_containers=None, buffer_containers=None, scaleup_window=None,
            scaledown_window=None, startup_timeout=30, name=None, port=8000, unauthenticated=False,
            h2_enabled=False, exit_grace_period=0, routing_region="us-east", compute_region=None, cloud=None,
            nonpreemptible=False, proxy=None, i6pn=None, enable_memory_snapshot=False, include_source=None,
            experimental_options=None):
    # app.py: App.server, and _server.py: _Server._validate_wrapped_user_cls_decorators
    if _warn_parentheses_missing:
        raise InvalidError("Did you forget parentheses? Suggestion: `@app.server()`.")
    _validate_http_server_config(port, [routing_region], startup_timeout, exit_grace_period, is_server=True)
    if target_concurrency is not None:
        _validate_target_concurrency(target_concurrency, "target_concurrency", allow_fractional=True)
    if scaleup_window is not None and scaleup_window <= 0:
        raise InvalidError("`scaleup_window` must be > 0")
    scaling = {k: v for k, v in dict(min_containers=min_containers, max_containers=max_containers,
                                     buffer_containers=buffer_containers,
                                     scaledown_window=scaledown_window).items() if v is not None}
    resources = _resources(dict(gpu=gpu, cpu=cpu, memory=memory, ephemeral_disk=ephemeral_disk,
                                region=compute_region, cloud=cloud, secrets=secrets, volumes=volumes, env=env))

    def wrapper(user_cls):
        if not inspect.isclass(user_cls):
            raise TypeError("The @app.server() decorator must be used on a class.")
        if [n for n, v in vars(user_cls).items() if isinstance(v, _Parameter)]:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot use modal.parameter(). "
                "Servers do not support parameterization."
            )
        methods = {n: v for n, v in vars(user_cls).items() if isinstance(v, _PartialFunction)}
        if not [v for v in methods.values() if v.lifecycle == "enter"]:
            raise InvalidError("Server class must have an @modal.enter() to setup the server.")
        if [v for v in methods.values() if v.method]:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot have `@modal.method()` decorated functions. "
                "Servers only expose HTTP endpoints."
            )
        if getattr(user_cls, "__modal_concurrent__", None) is not None:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot be decorated with `@modal.concurrent()`. "
                "Please use `target_concurrency` param instead."
            )
        if getattr(user_cls, "__modal_http_server__", None) is not None:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot have @modal.experimental.http_server() decorator. "
                "Servers already expose HTTP endpoints."
            )
        if [v for v in methods.values() if v.web_server]:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot be decorated with `@modal.web_server()`. "
                "Servers already expose HTTP endpoints."
            )
        if user_cls.__init__ != object.__init__:
            raise InvalidError(
                f"Server class {user_cls.__name__} cannot have a custom __init__ method. "
                "Use @modal.enter() for initialization logic instead."
            )
        record = {
            "name": name or user_cls.__name__,
            "image": image.steps if image else None,
            "port": port,
            "startup_timeout": startup_timeout,
            "routing_region": routing_region,
            "unauthenticated": unauthenticated,
            "h2_enabled": h2_enabled,
            "exit_grace_period": exit_grace_period,
            "target_concurrency": target_concurrency,
            "scaling": scaling,
            "resources": resources,
            "enter": [n for n, v in methods.items() if v.lifecycle == "enter"],
            "exit": [n for n, v in methods.items() if v.lifecycle == "exit"],
        }
        self.record["servers"].append(record)
        record["type"] = user_cls
        return user_cls

    return wrapper


App.server = _server
