"""What a published dataset says about itself: datapackage.json, and the citation in Citation
File Format (CFF 1.2.0) and BibTeX. Pure functions of the models; no writes."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from socius.atlas.datasets.licences import licence_info
from socius.atlas.datasets.models import Dataset, DatasetFile, DatasetVersion
from socius.core.mail import absolute_url

ORGANISATION = "Socius"


def author_names(dataset: Dataset) -> list[str]:
    """Who the dataset is cited as: the owner (unless their account was deleted), then the
    named contributors; the platform when nobody is left."""
    names = []
    owner_name = getattr(dataset.owner, "name", "") if dataset.owner_id else ""
    if owner_name and not getattr(dataset.owner, "anonymised_at", None):
        names.append(owner_name)
    names.extend(n for n in dataset.contributor_names() if n not in names)
    return names or [ORGANISATION]


def resource_descriptor(file: DatasetFile) -> dict[str, Any]:
    return {
        "name": file.name,
        "path": file.filename,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": file.size,
        "hash": f"sha256:{file.sha256}",
        "dialect": {"delimiter": file.delimiter},
        "schema": file.schema,
    }


def package_descriptor(
    version: DatasetVersion, files: list[DatasetFile], sources: list[Any]
) -> dict[str, Any]:
    """datapackage.json for ``version`` (fixed on the version when it is published)."""
    dataset = version.dataset
    licence = licence_info(dataset.licence)
    published = version.published_at or timezone.now()
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": dataset.slug,
        "id": dataset.doi_url or absolute_url(dataset.get_absolute_url()),
        "title": dataset.title,
        "description": dataset.description,
        "version": str(version.number),
        "created": published.isoformat(),
        "homepage": absolute_url(dataset.get_absolute_url()),
        "keywords": [dataset.theme.name],
        "licenses": [{"name": licence.code, "path": licence.url, "title": licence.title}],
        "contributors": [
            {"title": name, "role": "author" if i == 0 else "contributor"}
            for i, name in enumerate(author_names(dataset))
        ],
        "sources": [{"title": s.title, **({"path": s.url} if s.url else {})} for s in sources],
        "socius:provenance": dataset.provenance,
        "socius:changelog": version.changelog,
        "resources": [resource_descriptor(f) for f in files],
    }
    return descriptor


def descriptor_json(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _yaml_text(value: str) -> str:
    # JSON strings are valid YAML scalars, with every character escaped safely.
    return json.dumps(value, ensure_ascii=False)


def _split_name(name: str) -> tuple[str, str]:
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", name)


def citation_cff(dataset: Dataset, version: DatasetVersion | None) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the dataset and its newest version."""
    licence = licence_info(dataset.licence)
    lines = [
        "cff-version: 1.2.0",
        'message: "Hvis du bruger disse data, så citér dem som angivet nedenfor."',
        "type: dataset",
        f"title: {_yaml_text(dataset.title)}",
        "authors:",
    ]
    for name in author_names(dataset):
        if name == ORGANISATION:
            lines.append(f"  - name: {_yaml_text(name)}")
            continue
        given, family = _split_name(name)
        lines.append(f"  - family-names: {_yaml_text(family)}")
        if given:
            lines.append(f"    given-names: {_yaml_text(given)}")
    if version is not None:
        lines.append(f'version: "{version.number}"')
        if version.published_at:
            lines.append(f"date-released: {timezone.localdate(version.published_at).isoformat()}")
    if dataset.doi:
        lines.append(f"doi: {_yaml_text(dataset.doi)}")
    lines += [
        f"license: {licence.code}",
        f"url: {_yaml_text(absolute_url(dataset.get_absolute_url()))}",
        f"abstract: {_yaml_text(dataset.description)}",
        f"keywords:\n  - {_yaml_text(dataset.theme.name)}",
    ]
    return "\n".join(lines) + "\n"


_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _bib(value: str) -> str:
    return " ".join(value.split()).translate(_BIBTEX_SPECIAL)


def citation_key(dataset: Dataset, version: DatasetVersion | None) -> str:
    year = timezone.localdate(version.published_at).year if version and version.published_at else ""
    return f"{dataset.slug.replace('-', '_')[:40]}{year}"


def citation_bibtex(dataset: Dataset, version: DatasetVersion | None) -> str:
    """A BibTeX ``@misc`` entry (biblatex's ``@dataset`` is not known to plain BibTeX)."""
    authors = " and ".join(
        "{" + _bib(n) + "}" if n == ORGANISATION else _bib(n) for n in author_names(dataset)
    )
    fields = [
        ("author", authors),
        ("title", "{" + _bib(dataset.title) + "}"),
        ("publisher", ORGANISATION),
        ("howpublished", "Datasæt"),
        ("url", absolute_url(dataset.get_absolute_url())),
    ]
    if version is not None and version.published_at:
        fields.append(("year", str(timezone.localdate(version.published_at).year)))
        fields.append(("version", str(version.number)))
    if dataset.doi:
        fields.append(("doi", _bib(dataset.doi)))
    fields.append(("note", "Licens: " + licence_info(dataset.licence).title))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{{citation_key(dataset, version)},\n{body}\n}}\n"
