"""Users import from ``trucewatch``; what it exports is a promise, so it is tested."""

import trucewatch


def test_every_name_in_all_is_importable_from_the_package():
    for name in trucewatch.__all__:
        assert getattr(trucewatch, name) is not None, name


def test_the_public_api_covers_the_pipeline():
    expected = {
        "Agreement",
        "Event",
        "Interval",
        "Store",
        "EventQuery",
        "load_agreement",
        "load_examples",
        "in_force",
        "adapter_for",
        "summarize",
        "simulate",
        "TrucewatchError",
    }
    assert expected <= set(trucewatch.__all__)


def test_every_error_derives_from_the_one_root():
    errors = [getattr(trucewatch, n) for n in trucewatch.__all__ if n.endswith("Error")]
    errors = [e for e in errors if isinstance(e, type) and issubclass(e, Exception)]
    assert len(errors) >= 7
    assert all(issubclass(e, trucewatch.TrucewatchError) for e in errors)
