import pytest
from django.core.exceptions import ImproperlyConfigured

from socius.env import env_bool, env_float, env_int, env_list, env_str


def test_booleans(monkeypatch):
    for raw, expected in [
        ("1", True),
        ("TRUE", True),
        ("yes", True),
        ("0", False),
        ("off", False),
        ("", False),
    ]:
        monkeypatch.setenv("X_BOOL", raw)
        assert env_bool("X_BOOL") is expected
    monkeypatch.setenv("X_BOOL", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL must be a boolean"):
        env_bool("X_BOOL")
    monkeypatch.delenv("X_BOOL")
    assert env_bool("X_BOOL", default=True) is True


def test_integers(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    assert env_int("X_INT", 1) == 42
    monkeypatch.setenv("X_INT", "4x")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_INT", 1, minimum=0)


def test_numbers_within_bounds(monkeypatch):
    monkeypatch.setenv("X_FLOAT", "0.5")
    assert env_float("X_FLOAT", 2.0, minimum=0.1, maximum=10) == 0.5
    monkeypatch.delenv("X_FLOAT")
    assert env_float("X_FLOAT", 2.0, minimum=0.1, maximum=10) == 2.0
    for bad, message in (
        ("to", "a number"),
        ("nan", "from 0.1"),
        ("inf", "from 0.1"),
        ("0", "from"),
    ):
        monkeypatch.setenv("X_FLOAT", bad)
        with pytest.raises(ImproperlyConfigured, match=message):
            env_float("X_FLOAT", 2.0, minimum=0.1, maximum=10)


def test_lists_and_files(monkeypatch, tmp_path):
    monkeypatch.setenv("X_LIST", " a.dk, ,b.dk ")
    assert env_list("X_LIST") == ["a.dk", "b.dk"]
    secret = tmp_path / "s"
    secret.write_text("hemmelig\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET") == "hemmelig"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="unreadable"):
        env_str("X_SECRET")


def test_every_setting_is_documented_in_env_example():
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    source = (root / "socius" / "settings.py").read_text(encoding="utf-8")
    used = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source)) | {"DATABASE_URL"}
    example = (root / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z_]+)=", example, re.M))
    assert used, "no settings found: the pattern is wrong"
    assert used - documented == set()
