"""The stand-in's `modal.exception`: the client's exception classes that calls raise
(py/modal/exception.py). `InvalidError` is the one `modal` defines, set here by `modal`."""


class Error(Exception):
    pass


class NotFoundError(Error):
    pass


class TimeoutError(Error):
    """Base class for Modal timeouts."""


class FunctionTimeoutError(TimeoutError):
    pass


class ExecutionError(Error):
    pass


class RemoteError(Error):
    pass
