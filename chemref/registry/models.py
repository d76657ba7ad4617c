"""The registry's typed records.

Every model forbids unknown keys and describes every field; closed vocabularies are ``Literal``s
with a comment per value. There is deliberately no field for how a chemical is made or used:
identity, legal status, dates and citations only. Status is never stored; see ``chemref.answers.status``.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from chemref.registry.dates import PartialDate

DateField = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.coerce),
    PlainSerializer(lambda value: value.iso(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "ISO 8601 date at its own precision: YYYY, YYYY-MM or YYYY-MM-DD.",
        }
    ),
]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#][^\s]*$")]

SourceKind = Literal[
    "primary-text",  # the legal text itself, or a verbatim copy of it (gazette, Federal Register, EUR-Lex, UN document)
    "secondary",  # a summary, news report, press release or third-party database that restates the text
]

Action = Literal[
    "added",  # first placed under control on the list
    "specific-listing",  # named on a list that already covered it through a class clause
    "scope-widened",  # the listing's coverage was widened (e.g. halides added to a class clause)
    "temporary-control",  # placed under control for a limited period
    "extended",  # a temporary control's end was moved later
    "moved",  # moved from one list or schedule to another in the same jurisdiction
    "removed",  # taken off the list
    "expired",  # a temporary control lapsed
]

CoverageKind = Literal[
    "named",  # the listing names the chemical itself
    "class",  # the chemical is covered only by a class clause of another chemical's listing
]

Measure = Literal[
    "export-licence",  # exports need a licence or authorisation
    "import-licence",  # imports need a licence or authorisation
    "registration",  # handlers must be registered
    "record-keeping",  # transactions must be recorded and reported
    "prohibition",  # handling is prohibited outside authorised purposes
]

CitedFact = Literal[
    "action",
    "coverage",
    "decided",
    "published",
    "effective",
    "expires",
    "in_force_by",
    "instrument",
    "regime",
    "previous_regime",
    "measures",
]

IdentifierFact = Literal["cas", "pubchem_cid", "unii", "name", "synonyms"]

JurisdictionKind = Literal[
    "international",  # a treaty body acting for all Parties (the UN)
    "union",  # a supranational union whose acts apply in its member states (the EU)
    "country",  # a sovereign state, keyed by its ISO 3166-1 alpha-2 code
    "subdivision",  # part of a country with its own regime, keyed by its ISO 3166-2 code
]

RegimeKind = Literal[
    "precursor",  # a list of precursor chemicals (monitored or licensed, not themselves narcotic drugs)
    "controlled-substance",  # a drug schedule: the listed substance is itself a controlled drug
]

InstrumentKind = Literal[
    "treaty",  # an international convention
    "decision",  # a decision of a treaty body (e.g. a CND scheduling decision)
    "statute",  # an act of a legislature
    "regulation",  # a regulation, delegated act or statutory instrument
    "rule",  # a rule published by an agency (e.g. a DEA final rule)
    "order",  # a temporary or ministerial order
    "announcement",  # a joint ministerial announcement or notice
]

FindingOutcome = Literal[
    "no-control-found",  # the sources consulted show no control in this jurisdiction as of the date given
    "not-established",  # research could not establish whether the chemical is controlled there
    "not-applicable",  # the jurisdiction has no list of its own for this kind of substance (e.g. no EU drug list)
]

FormKind = Literal[
    "salt",  # the parent with a counter-ion
    "hydrate",  # the parent with water of crystallisation, or drawn as its hydrate
    "salt-hydrate",  # a salt that is also a hydrate
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(Model):
    """A pointer from a fact to the source it was read in."""

    source: Key = Field(description="Key of the source in registry/sources.yml.")
    supports: list[CitedFact] | None = Field(
        default=None,
        description="Which facts of the event this source supports; omitted means all of them.",
    )
    locator: str | None = Field(
        default=None, description="Where in the source the fact is stated, e.g. 'recital 2' or 'DATES'."
    )


class IdentifierCitation(Model):
    """A pointer from an identifier to the source that states it."""

    source: Key = Field(description="Key of the source in registry/sources.yml.")
    supports: list[IdentifierFact] = Field(description="Which identifiers this source states.")


class Coverage(Model):
    """How a listing reaches this chemical: by name, or through another listing's class clause."""

    kind: CoverageKind = Field(description="'named' when listed by name, 'class' when covered by a class clause.")
    via: Slug | None = Field(
        default=None,
        description="For class coverage: id of the registered chemical whose listing carries the clause.",
    )
    clause: str | None = Field(
        default=None,
        description="The listing's own words for its class clause, e.g. 'its amides, its carbamates, and its salts'.",
    )


class ClassRule(Model):
    """chemref's structural reading of one term of a listing's class clause, for screening."""

    term: str = Field(description="The clause's own term this rule encodes, e.g. 'its carbamates'.")
    smarts: list[str] = Field(
        min_length=1, description="SMARTS patterns; a structure matching any of them is read as covered."
    )
    reading: str = Field(
        description="In words, which structures chemref takes the term to cover; an interpretation for screening, "
        "not legal text."
    )


class ControlEvent(Model):
    """One dated legal action on a chemical in one jurisdiction."""

    id: Slug = Field(description="Identifier of the event, unique within its chemical's file.")
    jurisdiction: Key = Field(description="Key of the jurisdiction in registry/jurisdictions.yml.")
    regime: Key = Field(description="Key of the legal list or schedule in registry/regimes.yml.")
    previous_regime: Key | None = Field(default=None, description="For a 'moved' event: the list the chemical left.")
    action: Action = Field(description="What the instrument did, from a closed vocabulary.")
    coverage: Coverage = Field(description="Whether the chemical is named or covered by a class clause.")
    measures: list[Measure] = Field(
        default_factory=list, description="Obligations the sources state this listing brings, if any."
    )
    class_rules: list[ClassRule] = Field(
        default_factory=list,
        description="Structural rules for the listing's class clause; they apply while this event is in force.",
    )
    decided: DateField | None = Field(default=None, description="Date the instrument was adopted, decided or signed.")
    published: DateField | None = Field(default=None, description="Date the instrument was published.")
    effective: DateField | None = Field(
        default=None, description="Date the control took effect; null when the sources do not give it."
    )
    expires: DateField | None = Field(
        default=None, description="Last day a temporary control is in force, when it has an end."
    )
    in_force_by: DateField | None = Field(
        default=None,
        description="When the effective date is unknown: a date by which a source confirms the control was in force.",
    )
    scheduled: bool = Field(
        default=False, description="True when the event is announced but its effective date lies in the future."
    )
    instrument: Key | None = Field(
        default=None, description="Key of the legal instrument in registry/instruments.yml; null when not established."
    )
    sources: list[Citation] = Field(description="Where each fact of the event was read; at least one.")
    notes: str | None = Field(default=None, description="Neutral remarks: discrepancies, what is not established.")

    def stated_facts(self) -> list[str]:
        """The facts this event asserts, each of which needs a supporting source."""
        facts = ["action", "coverage", "regime"]
        if self.previous_regime is not None:
            facts.append("previous_regime")
        if self.instrument is not None:
            facts.append("instrument")
        dates = ("decided", "published", "effective", "expires", "in_force_by")
        facts += [name for name in dates if getattr(self, name) is not None]
        if self.measures:
            facts.append("measures")
        return facts


class Finding(Model):
    """A recorded research outcome for a jurisdiction where no control event is recorded."""

    jurisdiction: Key = Field(description="Key of the jurisdiction in registry/jurisdictions.yml.")
    outcome: FindingOutcome = Field(description="What the research found.")
    as_of: DateField = Field(description="The date the finding holds for.")
    note: str = Field(description="The legal finding and its evidence, in a sentence or two.")
    research: str | None = Field(
        default=None, description="What was searched, where and when: the research notes behind the finding."
    )
    sources: list[Citation] = Field(default_factory=list, description="Sources consulted, if any state the finding.")


class Form(Model):
    """A salt or hydrate of the chemical that is an article of commerce, recorded as a form of the parent."""

    name: str = Field(description="The form's name as a source or catalogue writes it.")
    kind: FormKind = Field(description="Whether the form is a salt, a hydrate or both.")
    cas: str | None = Field(default=None, description="CAS Registry Number of this form, quoted.")
    smiles: str = Field(description="SMILES of the form as a whole (parent with counter-ions or water).")
    sources: list[Key] = Field(min_length=1, description="Keys of the sources that give this form and its CAS RN.")


class NameCitation(Model):
    """Where names of the chemical were read: a legal text, a list or a catalogue."""

    source: Key = Field(description="Key of the source in registry/sources.yml.")
    names: list[str] = Field(min_length=1, description="The names, exactly as the source writes them.")
    locator: str | None = Field(default=None, description="Where in the source, e.g. 'Schedule VI, item 30'.")


class CustomsCode(Model):
    """A customs tariff code a source assigns to the chemical."""

    code: str = Field(pattern=r"^\d{4}(\.?\d{2})*\d*$", description="The code as the source writes it.")
    scheme: str = Field(description="The nomenclature, e.g. 'HS 2022' or 'PRC 10-digit customs code'.")
    jurisdiction: Key = Field(description="Key of the jurisdiction whose customs use the code.")
    source: Key = Field(description="Key of the source in registry/sources.yml that gives the code.")


class Identifiers(Model):
    """Identifiers of the parent compound. A substance with no single structure (a natural extract, an
    element's allotrope) has none of the structure fields and says why in ``no_structure``."""

    cas: str | None = Field(default=None, description="CAS Registry Number of the parent compound, quoted.")
    smiles: str | None = Field(default=None, description="Canonical SMILES of the parent compound, as RDKit writes it.")
    inchi: str | None = Field(default=None, pattern=r"^InChI=1S/", description="Standard InChI.")
    inchikey: str | None = Field(default=None, pattern=r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$", description="Standard InChIKey.")
    formula: str | None = Field(default=None, description="Molecular formula in Hill order.")
    molecular_weight: float | None = Field(
        default=None, description="Average molecular weight in g/mol, to three decimals."
    )
    no_structure: str | None = Field(
        default=None,
        description="Why the substance has no single structure (e.g. 'a plant extract', 'an allotrope of the "
        "element'); set exactly when the structure fields are not.",
    )
    pubchem_cid: int | None = Field(default=None, description="PubChem compound id, when a source gives it.")
    unii: str | None = Field(default=None, description="FDA Unique Ingredient Identifier, when a source gives it.")
    customs_codes: list[CustomsCode] = Field(default_factory=list, description="Customs codes sources assign.")
    sources: list[IdentifierCitation] = Field(
        default_factory=list, description="Where the CAS RN, names and other assigned identifiers were read."
    )


class Chemical(Model):
    """One chemical: its identity and the dated events of its control."""

    id: Slug = Field(description="Stable identifier; equals the file name without '.yml'.")
    name: str = Field(description="Preferred name.")
    iupac_name: str | None = Field(default=None, description="Systematic (IUPAC) name, where recorded.")
    synonyms: list[str] = Field(default_factory=list, description="Other names and abbreviations in use.")
    name_sources: list[NameCitation] = Field(
        default_factory=list, description="Which source gives which of the names; each name listed is a synonym."
    )
    member_of: Slug | None = Field(
        default=None,
        description="Id of the registered parent whose listing names this chemical as one of its family "
        "(e.g. an ester named under 'X and its esters').",
    )
    identifiers: Identifiers = Field(description="Structure and registry identifiers.")
    forms: list[Form] = Field(
        default_factory=list, description="Salts and hydrates that are articles of commerce, with their CAS RNs."
    )
    events: list[ControlEvent] = Field(default_factory=list, description="Dated control events, oldest first.")
    findings: list[Finding] = Field(
        default_factory=list, description="Research outcomes for jurisdictions with no recorded event."
    )

    def all_names(self) -> list[str]:
        return [self.id, self.name, *([self.iupac_name] if self.iupac_name else []), *self.synonyms]


class Sweep(Model):
    """A dated search of a jurisdiction's official publications for changes, recorded even when it finds none."""

    date: dt.date = Field(description="When the search was made.")
    searched: list[str] = Field(min_length=1, description="Where chemref looked: publications, sites, queries.")
    found: str = Field(description="What the search found, or that it found nothing new.")
    sources: list[Key] = Field(default_factory=list, description="Keys of sources read in the search.")


class FormerLaw(Model):
    """Another jurisdiction's law that had effect here until a date (EU law in the United Kingdom until 2020)."""

    jurisdiction: Key = Field(description="Key of the jurisdiction whose lists and instruments had effect here.")
    until: DateField = Field(description="The last day they had effect here.")


class Jurisdiction(Model):
    """A place or body whose law can control a chemical."""

    name: str = Field(description="Name of the jurisdiction.")
    kind: JurisdictionKind = Field(description="What kind of jurisdiction this is.")
    applies_law_of: list[Key] = Field(
        default_factory=list,
        description="Jurisdictions whose lists and instruments also have effect here (e.g. EU precursor law in "
        "Northern Ireland), so events here may cite them.",
    )
    former_law_of: list[FormerLaw] = Field(
        default_factory=list,
        description="Jurisdictions whose lists and instruments had effect here until a date, so events dated "
        "by then may cite them.",
    )
    note: str | None = Field(default=None, description="Scope remarks, e.g. which territory a regime covers.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Codes people type for it (e.g. 'UK', 'USA', 'NI'); one alias may name several jurisdictions.",
    )
    framework: str | None = Field(
        default=None,
        description="Its legal framework in brief: which lists control these chemicals, who amends them, and where "
        "the official texts are published.",
    )
    sweeps: list[Sweep] = Field(
        default_factory=list, description="Dated searches for changes in this jurisdiction, newest last."
    )


class Regime(Model):
    """A legal list or schedule under which chemicals are controlled."""

    name: str = Field(description="Name of the list, e.g. '1988 Convention, Table I'.")
    short: str = Field(
        max_length=16, description="Short label for tables, unique in the registry, e.g. 'UN Table I' or 'EU Cat. 1'."
    )
    jurisdiction: Key = Field(description="Key of the jurisdiction the list belongs to.")
    kind: RegimeKind = Field(description="Whether the list controls precursors or controlled substances.")
    legal_basis: str = Field(description="The law that establishes the list.")
    url: Url | None = Field(default=None, description="Where the list's current text can be read.")
    established: DateField | None = Field(
        default=None,
        description="When the list itself first had effect, where a source gives it; before that the jurisdiction "
        "did not keep it.",
    )
    ended: DateField | None = Field(
        default=None, description="The last day the list had effect, when it was abolished or replaced."
    )
    obliges: str | None = Field(
        default=None,
        description="What being on the list obliges those who handle the chemical to do, in one line, paraphrased "
        "from the sources in obliges_sources; left empty where no source read states it.",
    )
    obliges_sources: list[Key] = Field(
        default_factory=list,
        description="Keys of the sources in registry/sources.yml that state what the list obliges.",
    )


class Instrument(Model):
    """A legal instrument that changed a list: a decision, rule, regulation or announcement."""

    citation: str = Field(description="Formal citation, e.g. '85 FR 20822' or 'CND decision 65/4'.")
    short: str | None = Field(
        default=None,
        max_length=20,
        description="Short label for tables where the citation is long, e.g. 'EU 2023/196'.",
    )
    title: str = Field(description="Title of the instrument, translated to English where needed.")
    issuer: str = Field(description="Body or bodies that issued it.")
    jurisdiction: Key = Field(description="Key of the jurisdiction whose law it is.")
    kind: InstrumentKind = Field(description="What kind of instrument it is.")
    document_number: str | None = Field(
        default=None, description="Publisher's document number, e.g. 'FR Doc 2020-07064'."
    )
    docket: str | None = Field(default=None, description="Docket number, where one is given.")
    original_title: str | None = Field(default=None, description="Title in the original language, where not English.")
    note: str | None = Field(default=None, description="What is not established about the instrument.")


class Source(Model):
    """A document a fact was read in."""

    url: Url = Field(description="Where the document was read: the copy the facts were taken from.")
    official_url: Url | None = Field(
        default=None,
        description="The official publication (gazette, Federal Register, EUR-Lex, UN document), where one exists "
        "and differs from the copy read.",
    )
    title: str = Field(description="Title of the document.")
    publisher: str = Field(description="Who published this copy.")
    kind: SourceKind = Field(description="Whether this is the legal text itself or a secondary account.")
    date: DateField | None = Field(default=None, description="The document's own date, where known.")
    checked: dt.date | None = Field(
        default=None,
        description="When chemref last read the document: the day of the research that added it, until it is "
        "re-read. Required by validate (source-unchecked), and never after today (future-date).",
    )


class ReadingEntry(Model):
    """One entry of a list as a reading found it."""

    chemical: Slug = Field(description="Id of the registered chemical the entry names.")
    printed: str = Field(description="The entry exactly as the list prints it (its name, and clause if any).")
    cas: str | None = Field(default=None, description="The CAS RN the list prints beside the entry, if any.")
    clause: str | None = Field(default=None, description="The entry's own class clause, in the list's words.")
    locator: str | None = Field(default=None, description="Where in the list, e.g. '(a)(3)' or 'item 12'.")


class ListReading(Model):
    """A dated, cited reading of one whole list: every entry on it, as the text read shows it on one date.

    A reading is what earns a negative answer. Status from events can say "controlled"; only a reading of
    the whole list can say "on none of the lists". ``validate`` cross-checks each reading against the
    events, both ways, on its date.
    """

    id: Slug = Field(description="Identifier of the reading; equals the file name without '.yml'.")
    regime: Key = Field(description="Key of the list read, in registry/regimes.yml.")
    source: Key = Field(description="Key of the source read, in registry/sources.yml.")
    locator: str | None = Field(default=None, description="Where in the source the list is, e.g. '21 CFR 1310.02(a)'.")
    current_to: DateField = Field(description="The date the text read is current to, as the source states it.")
    read: dt.date = Field(description="When chemref read it.")
    whole: bool = Field(description="True when every entry of the list was read.")
    part_read: str | None = Field(
        default=None, description="When not whole: exactly which part was read and which was not, and why."
    )
    history_from: DateField | None = Field(
        default=None,
        description="From this date on, every substance the list held is registered with its events, so the "
        "reading and the events together answer for any day from then to current_to.",
    )
    list_clauses: list[str] = Field(
        default_factory=list, description="Clauses that apply to every entry, in the list's own words."
    )
    entries: list[ReadingEntry] = Field(description="Every entry read, in the list's order.")
    notes: str | None = Field(default=None, description="Neutral remarks on the reading.")


ChangeKind = Literal[
    "addition",  # new records: a chemical, an event, a finding, a source
    "correction",  # a recorded fact was wrong or imprecise and is fixed
    "update",  # the law changed, or a re-check confirmed or refreshed what is recorded
]


class Change(Model):
    """One entry of the data changelog: a dated change to the registry itself (not a change in the law)."""

    date: dt.date = Field(description="When the change was made to the registry.")
    kind: ChangeKind = Field(description="What kind of change it is.")
    summary: str = Field(description="What changed and why, in a sentence or two.")
    records: list[str] = Field(
        min_length=1,
        description="What it touched: chemical ids, 'chemical-id/event-id', registry file names "
        "('regimes.yml'), 'file.yml/KEY' for one record of a vocabulary, or 'readings/ID' for a list reading.",
    )


class Settings(Model):
    """Registry-level settings, from settings.yml."""

    finding_freshness_days: int = Field(
        default=365,
        ge=1,
        description="How many days after its as_of date a 'no-control-found' finding still supports 'not controlled'.",
    )


class Registry(Model):
    """Everything in the registry, loaded and typed."""

    chemicals: dict[str, Chemical] = Field(description="Chemicals by id.")
    jurisdictions: dict[str, Jurisdiction] = Field(description="Jurisdictions by key.")
    regimes: dict[str, Regime] = Field(description="Legal lists by key.")
    instruments: dict[str, Instrument] = Field(description="Legal instruments by key.")
    sources: dict[str, Source] = Field(description="Sources by key.")
    readings: dict[str, ListReading] = Field(default_factory=dict, description="Whole-list readings by id.")
    settings: Settings = Field(default_factory=Settings, description="Registry-level settings.")
    changelog: list[Change] = Field(default_factory=list, description="The data changelog, oldest first.")
    content_hash: str = Field(default="", description="SHA-256 over the registry files' bytes: the data version.")


VOCABULARIES: dict[str, type[Model]] = {
    "jurisdictions": Jurisdiction,
    "regimes": Regime,
    "instruments": Instrument,
    "sources": Source,
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one chemical file."""
    return Chemical.model_json_schema()
