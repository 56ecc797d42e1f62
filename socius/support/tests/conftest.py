"""The payments' in-memory development provider (fixture ``memory_dev``), for the giving tests."""

from socius.support.payments.tests.payments_support import memory_dev_fixture  # noqa: F401
