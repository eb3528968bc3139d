import pytest

from accounts import signals


@pytest.fixture
def received():
    """Every signal of accounts/signals.py sent during the test, in order."""
    events = []
    names = [
        "mfa_enabled",
        "mfa_disabled",
        "recovery_codes_regenerated",
        "mfa_code_failed",
        "organization_mfa_requirement_changed",
    ]
    handlers = []
    for name in names:

        def handler(sender, signal, _name=name, **kwargs):
            events.append((_name, kwargs))

        getattr(signals, name).connect(handler)
        handlers.append((getattr(signals, name), handler))
    yield events
    for signal, handler in handlers:
        signal.disconnect(handler)
