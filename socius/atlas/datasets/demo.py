"""Demo content of the research datasets: one published dataset of the demo researcher, made
through the same services as a researcher's upload (idempotent). Clearly marked as demo data;
the numbers are real (see data/README.md)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from socius.atlas.datasets import services
from socius.atlas.datasets.licences import Licence
from socius.atlas.datasets.models import Dataset
from socius.atlas.datasets.scans import COUNTS_PEOPLE
from socius.atlas.datasets.selectors import publication_choices
from socius.atlas.models import Source
from socius.core.models import Theme

DATA = Path(__file__).parent / "data" / "ensomhed_kommuner_2025.csv"
RESEARCHER = "forsker@socius.example"
TITLE = "Demodata: Ensomhed og mentalt helbred i kommunerne 2025"
DESCRIPTION = (
    "Demodata til at vise, hvordan et datasæt ser ud på Socius. Tallene er dog ægte: andelen "
    "af voksne, der er ensomme, har dårligt mentalt helbred eller aldrig har nogen at tale "
    "med, i hver af de 98 kommuner, med kommunens region og folketal."
)
PROVENANCE = (
    "Udtræk af kommunetal fra Den Nationale Sundhedsprofil 2025 (Sundhedsstyrelsen, "
    "danskernessundhed.dk) og folketal 1. januar 2026 fra Danmarks Statistik (FOLK1A, CC BY 4.0). "
    "Regionen er tilføjet fra Danmarks Statistiks kommuneinddeling. Tallene er afskrevet fra "
    "offentlig statistik og ikke beregnet om. Sundhedsprofilens tal er stikprøveestimater, "
    "så usikkerheden er større i små kommuner."
)


def demo_seed() -> list[str]:
    if Dataset.objects.filter(title=TITLE).exists():
        return []
    researcher = get_user_model().objects.filter(email=RESEARCHER).first()
    if researcher is None:
        return []
    dataset = services.dataset_create(
        actor=researcher,
        title=TITLE,
        description=DESCRIPTION,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        licence=Licence.CC_BY_4,
        provenance=PROVENANCE,
        contributors="Socius demo",
        doi="",
        embargo_until=None,
        sources=Source.objects.filter(
            Q(title__icontains="sundhedsprofil") | Q(publisher__icontains="danmarks statistik")
        )[:3],
        publications=publication_choices().filter(title__icontains="ensomhed")[:1],
    )
    upload = SimpleUploadedFile(DATA.name, DATA.read_bytes(), content_type="text/csv")
    version = services.version_upload(
        actor=researcher, dataset=dataset, changelog="Første version.", uploads=[upload]
    )
    # The researcher confirms the schema: the population counts people.
    file = version.files.get()
    schema = dict(file.schema)
    schema["fields"] = [{**f, COUNTS_PEOPLE: f["name"] == "folketal"} for f in schema["fields"]]
    services.version_schema_save(actor=researcher, version=version, schemas={file.pk: schema})
    services.version_publish(actor=researcher, version=version)
    # A second version the researcher has uploaded but not yet published: the review page.
    again = SimpleUploadedFile(DATA.name, DATA.read_bytes(), content_type="text/csv")
    services.version_upload(
        actor=researcher,
        dataset=dataset,
        changelog="Kladde: samme tal, nu med forklaring af kolonnerne.",
        uploads=[again],
    )
    return [f"Datasets: the demo dataset “{TITLE}” by {RESEARCHER}, with a draft version."]
