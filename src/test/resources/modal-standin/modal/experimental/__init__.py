"""The stand-in's `modal.experimental`: `http_server` (modal-client py/modal/experimental/flash.py)."""

from .. import InvalidError, _validate_http_server_config


def http_server(port=None, *, proxy_regions=[], startup_timeout=30, exit_grace_period=None, h2_enabled=False):
    # flash.py: _http_server; applied to a class, which app.cls then reads
    if port is None:
        raise InvalidError(
            "Positional arguments are not allowed. Did you forget parentheses? Suggestion: `@modal.http_server()`."
        )
    _validate_http_server_config(port, proxy_regions, startup_timeout, exit_grace_period, is_server=False)

    def wrapper(obj):
        obj.__modal_http_server__ = {
            "port": port,
            "proxy_regions": list(proxy_regions),
            "startup_timeout": startup_timeout,
            "exit_grace_period": exit_grace_period,
            "h2_enabled": h2_enabled,
        }
        return obj

    return wrapper
