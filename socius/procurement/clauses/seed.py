"""The clause library as first published: four clauses, each with its legal basis, a Danish
text written for this platform, the parameters a buyer sets and how it is followed up.

Used by the data migration 0002 (which copies nothing from here at run time: the migration
imports this module once, and a later change here never rewrites a published version, because
the migration only creates missing clauses).
"""

from __future__ import annotations

import datetime
from typing import Any

UDBUDSLOVEN = "https://www.retsinformation.dk/eli/lta/2015/1564"
DIRECTIVE = "https://eur-lex.europa.eu/eli/dir/2014/24/oj"
ILO_94 = "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C094"

CLAUSES: list[dict[str, Any]] = [
    {
        "slug": "uddannelsesklausul",
        "category": "training",
        "name": "Uddannelsesklausul",
        "summary": (
            "Leverandøren skal have elever eller lærlinge i arbejde på kontrakten. "
            "Klausulen er krævet ved større bygge- og tjenesteydelseskontrakter."
        ),
        "legal_basis": (
            "Udbudsloven § 176, stk. 2 (fra 1. juli 2022): krav om uddannelsesaftaler ved "
            "bygge- og anlægskontrakter over EU-tærsklen og tjenesteydelseskontrakter på "
            "mindst 5 mio. kr., der udføres i Danmark, når kontrakten varer mindst 6 "
            "måneder, medmindre hensyn til sikkerhed, uegnethed eller anden lov taler imod "
            '("følg eller forklar"). Bygger på Konkurrence- og Forbrugerstyrelsens '
            "modelklausul om uddannelse."
        ),
        "source_url": UDBUDSLOVEN,
        "text": (
            "1. Leverandøren skal sørge for, at personer under uddannelse (elever og "
            "lærlinge med en uddannelsesaftale) udfører en del af arbejdet på kontrakten.\n\n"
            "2. Antallet står i kontrakten: enten et antal pr. million kroner af "
            "kontraktens værdi eller et antal pr. år, kontrakten løber.\n\n"
            "3. Kravet gælder også for underleverandører, der udfører arbejdet. "
            "Leverandøren har ansvaret for, at kravet bliver opfyldt.\n\n"
            "4. Leverandøren sender en rapport for hver periode med antallet af personer "
            "under uddannelse og dokumentation, fx kopi af uddannelsesaftaler, hvor navne og "
            "CPR-numre er streget ud.\n\n"
            "5. Kan leverandøren ikke finde elever eller lærlinge, skal leverandøren "
            "dokumentere sine forsøg. Kommunen vurderer, om det er godt nok.\n\n"
            "6. Opfylder leverandøren ikke kravet, aftaler kommunen og leverandøren en plan "
            "for at rette op. Sker det ikke, kan kommunen bruge de sanktioner, som "
            "kontrakten giver adgang til."
        ),
        "parameters": [
            {
                "key": "trainees_per_million",
                "label": "Personer under uddannelse pr. mio. kr.",
                "unit": "pr. mio. kr.",
                "kind": "decimal",
                "min": 0,
                "max": 50,
                "required": False,
                "target": True,
            },
            {
                "key": "trainees_per_year",
                "label": "Personer under uddannelse pr. kontraktår",
                "unit": "pr. år",
                "kind": "decimal",
                "min": 0,
                "max": 500,
                "required": False,
                "target": True,
            },
        ],
        "follow_up": (
            "Leverandøren rapporterer hvert år antallet af personer under uddannelse, som "
            "har arbejdet på kontrakten, med dokumentation uden navne. Indkøberen godkender "
            "rapporten eller registrerer en afvigelse."
        ),
        "report_every_months": 12,
    },
    {
        "slug": "arbejdsklausul-ilo-94",
        "category": "labour",
        "name": "Arbejdsklausul (ILO-konvention nr. 94)",
        "summary": (
            "De ansatte på kontrakten skal have løn og vilkår, der mindst svarer til den "
            "mest relevante overenskomst på området."
        ),
        "legal_basis": (
            "ILO-konvention nr. 94 om arbejdsklausuler i offentlige kontrakter (1949), "
            "tiltrådt af Danmark. For staten gælder cirkulære om arbejdsklausuler i "
            "offentlige kontrakter; for kommuner er klausulen et politisk valg, som "
            "udbudsloven § 176 giver plads til som kontraktvilkår."
        ),
        "source_url": ILO_94,
        "text": (
            "1. Leverandøren skal sikre, at de ansatte, der udfører arbejde på kontrakten i "
            "Danmark, får løn og arbejdsvilkår, der mindst svarer til dem i den overenskomst, "
            "der står i kontrakten.\n\n"
            "2. Det gælder også ansatte hos underleverandører.\n\n"
            "3. Leverandøren skal oplyse de ansatte om de vilkår, der gælder.\n\n"
            "4. Kommunen kan bede om dokumentation, fx lønsedler, timesedler og "
            "ansættelseskontrakter. Leverandøren sender dokumentationen inden for den frist, "
            "kommunen sætter, og uden oplysninger, der ikke er nødvendige.\n\n"
            "5. Overholder leverandøren ikke klausulen, kan kommunen kræve, at de ansatte "
            "får det, de mangler, og bruge de sanktioner, som kontrakten giver adgang til."
        ),
        "parameters": [
            {
                "key": "agreement",
                "label": "Overenskomst, som er målestok",
                "unit": "",
                "kind": "text",
                "required": True,
            },
        ],
        "follow_up": (
            "Leverandøren bekræfter hvert halve år, at løn og vilkår er overholdt, og "
            "vedlægger dokumentation, hvor navne er streget ud. Indkøberen laver stikprøver."
        ),
        "report_every_months": 6,
    },
    {
        "slug": "beskaeftigelsesklausul",
        "category": "social_employment",
        "name": "Klausul om beskæftigelse af personer uden for arbejdsmarkedet",
        "summary": (
            "Leverandøren skal ansætte personer, som står langt fra arbejdsmarkedet, til "
            "en del af arbejdet på kontrakten."
        ),
        "legal_basis": (
            "Udbudsloven § 176, stk. 1: kontraktvilkår kan tjene sociale og "
            "beskæftigelsesmæssige formål, når de har forbindelse til kontraktens genstand. "
            "Direktiv 2014/24/EU artikel 70."
        ),
        "source_url": UDBUDSLOVEN,
        "text": (
            "1. Leverandøren skal ansætte det antal personer, der står i kontrakten, blandt "
            "personer, som har været uden for arbejdsmarkedet, fx ledige i lang tid eller "
            "personer med nedsat arbejdsevne.\n\n"
            "2. Ansættelsen skal være på almindelige løn- og arbejdsvilkår eller i et "
            "forløb, som jobcenteret har godkendt.\n\n"
            "3. Står der en andel af timerne i kontrakten, skal mindst den andel af "
            "arbejdstimerne på kontrakten udføres af disse personer.\n\n"
            "4. Leverandøren rapporterer for hver periode antallet af personer og andelen af "
            "timer. Rapporten og dokumentationen må ikke indeholde navne.\n\n"
            "5. Opfylder leverandøren ikke kravet, aftaler kommunen og leverandøren en plan "
            "for at rette op."
        ),
        "parameters": [
            {
                "key": "persons",
                "label": "Personer i alt i kontraktens løbetid",
                "unit": "personer",
                "kind": "integer",
                "min": 1,
                "max": 1000,
                "required": True,
                "target": True,
            },
            {
                "key": "share_of_hours",
                "label": "Andel af arbejdstimerne",
                "unit": "%",
                "kind": "percent",
                "min": 0,
                "max": 100,
                "required": False,
            },
        ],
        "follow_up": (
            "Leverandøren rapporterer hvert halve år antallet af personer og andelen af "
            "timer med dokumentation uden navne, fx en erklæring fra jobcenteret."
        ),
        "report_every_months": 6,
    },
    {
        "slug": "reserveret-kontrakt",
        "category": "reserved",
        "name": "Reserveret kontrakt",
        "summary": (
            "Kun virksomheder, hvor mindst 30 % af de ansatte har handicap eller er "
            "dårligt stillede, kan byde på kontrakten."
        ),
        "legal_basis": (
            "Udbudsloven § 20 og direktiv 2014/24/EU artikel 20: en ordregiver kan "
            "reservere en kontrakt til beskyttede værksteder og virksomheder, hvis formål er "
            "social og faglig integration af personer med handicap eller dårligt stillede "
            "personer, når mindst 30 % af de ansatte er i den gruppe. Udbudsbekendtgørelsen "
            "skal nævne reservationen."
        ),
        "source_url": DIRECTIVE,
        "text": (
            "1. Kontrakten er forbeholdt virksomheder, hvor mindst den andel af de ansatte, "
            "der står i kontrakten (og aldrig under 30 %), har handicap eller er dårligt "
            "stillede.\n\n"
            "2. Leverandøren skal opfylde kravet i hele kontraktens løbetid.\n\n"
            "3. Leverandøren rapporterer for hver periode andelen af ansatte i gruppen, "
            "opgjort som antal personer, og dokumenterer den uden navne, fx med en "
            "erklæring fra revisor.\n\n"
            "4. Falder andelen under kravet, skal leverandøren straks give kommunen besked. "
            "Kommunen kan da kræve en plan for at rette op eller opsige kontrakten, hvis "
            "kontrakten giver adgang til det."
        ),
        "parameters": [
            {
                "key": "disadvantaged_share",
                "label": "Andel ansatte med handicap eller dårligt stillede",
                "unit": "%",
                "kind": "percent",
                "min": 30,
                "max": 100,
                "required": True,
                "target": True,
            },
        ],
        "follow_up": (
            "Leverandøren rapporterer hvert år andelen med dokumentation uden navne. "
            "Indkøberen godkender eller registrerer en afvigelse."
        ),
        "report_every_months": 12,
    },
]

VALID_FROM = datetime.date(2022, 7, 1)
