"""The licences a researcher may choose for a dataset: open licences only, with their
canonical addresses (the address goes into datapackage.json, CFF and BibTeX)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0_1 = "CC0-1.0", "CC0 1.0"
    ODBL_1 = "ODbL-1.0", "ODbL 1.0"
    PDDL_1 = "PDDL-1.0", "PDDL 1.0"


@dataclass(frozen=True)
class LicenceInfo:
    code: str  # the SPDX identifier (CFF's "license" and datapackage.json's "name")
    title: str
    url: str


LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0_1: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL_1: "https://opendatacommons.org/licenses/odbl/1-0/",
    Licence.PDDL_1: "https://opendatacommons.org/licenses/pddl/1-0/",
}


def licence_info(code: str) -> LicenceInfo:
    """The licence's SPDX code, title and address."""
    licence = Licence(code)
    return LicenceInfo(code=licence.value, title=str(licence.label), url=LICENCE_URLS[licence])
