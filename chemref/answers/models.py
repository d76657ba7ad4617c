"""The one typed answer: what chemref says, as pydantic models that every output renders.

The CLI's tables, Markdown, CSV and JSON, the screen rows, and the site's pages and JSON API are all
rendered from these models, and the JSON Schemas of ``--format json`` and of ``api/v1`` are generated
from them (``chemref.answers.schemas``), never written by hand. Field names are contracts: fields may be
added, never renamed. Every model forbids unknown keys, so a schema generated here rejects a field an
output grew without a model.

The decision words come from ``chemref.answers.decision`` alone; the helpers at the end of this module
(``since_text`` and friends) are the only place a cell's dates are put into words.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chemref.answers.decision import Decision, UnknownWhy
from chemref.registry.models import (
    Action,
    CoverageKind,
    Finding,
    FindingOutcome,
    Form,
    Identifiers,
    Instrument,
    InstrumentKind,
    Jurisdiction,
    ListReading,
    Measure,
    NameCitation,
    Regime,
    Source,
    SourceKind,
)

Basis = Literal[
    "primary-text",  # every fact of the event (or cell) was read in the legal text itself
    "partly-secondary",  # some facts were read in the legal text, others only in secondary accounts
    "secondary",  # every fact was read only in secondary accounts
    "none",  # no source at all (a cell with no research)
]

DateText = str  # ISO 8601 at its own precision: YYYY, YYYY-MM or YYYY-MM-DD


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class RegistryVersion(Answer):
    """Which registry answered: its content hash and how recently its sources were checked."""

    path: str | None = Field(
        default=None, description="Where the registry was read (CLI only; the site and its API leave it out)."
    )
    hash: str = Field(description="SHA-256 over the registry files: the data version.")
    checked_through: str | None = Field(
        description="The latest date a source was read or a jurisdiction searched for changes."
    )


class Provenance(Answer):
    """Which chemref and which data gave an answer, and for what day."""

    chemref: str = Field(description="chemref's version.")
    registry: RegistryVersion = Field(description="The registry's data version.")
    on: str | None = Field(default=None, description="The day the answer is for, YYYY-MM-DD.")
    data_licence: str | None = Field(default=None, description="The licence of the registry data, where stated.")


class ChemicalSummary(Answer):
    """A registered chemical in brief."""

    id: str = Field(description="The chemical's registry id.")
    name: str = Field(description="Preferred name.")
    iupac_name: str | None = Field(description="Systematic (IUPAC) name, where recorded.")
    cas: str | None = Field(description="CAS RN of the parent compound, where a source gives one.")
    inchikey: str | None = Field(description="Standard InChIKey of the parent compound.")


class SourceAnswer(Answer):
    """A source an event cites, with what it supports there."""

    key: str = Field(description="Key of the source in the registry.")
    url: str | None = Field(default=None, description="Where the document was read.")
    official_url: str | None = Field(default=None, description="The official publication, where one exists.")
    title: str | None = Field(default=None, description="Title of the document.")
    publisher: str | None = Field(default=None, description="Who published the copy read.")
    kind: SourceKind | None = Field(default=None, description="primary-text or secondary.")
    checked: str | None = Field(default=None, description="When chemref last read it, YYYY-MM-DD.")
    supports: list[str] | Literal["all"] = Field(description="The facts of the event this source supports.")
    locator: str | None = Field(default=None, description="Where in the source the facts are stated.")


class InstrumentAnswer(Answer):
    """The legal instrument of an event; only ``key`` and a note when it is not established."""

    key: str | None = Field(description="Key of the instrument in the registry, or null.")
    citation: str | None = Field(default=None, description="Formal citation, e.g. '85 FR 20822'.")
    short: str | None = Field(default=None, description="Short label for tables.")
    title: str | None = Field(default=None, description="Title, in English.")
    issuer: str | None = Field(default=None, description="Body that issued it.")
    jurisdiction: str | None = Field(default=None, description="Jurisdiction whose law it is.")
    kind: InstrumentKind | None = Field(default=None, description="What kind of instrument it is.")
    document_number: str | None = Field(default=None, description="Publisher's document number.")
    docket: str | None = Field(default=None, description="Docket number.")
    original_title: str | None = Field(default=None, description="Title in the original language.")
    note: str | None = Field(default=None, description="What is not established about it.")


class EventAnswer(Answer):
    """One dated legal action on a chemical in one jurisdiction, with its sources and their basis."""

    id: str = Field(description="Event id, unique within the chemical.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    action: Action = Field(description="What the instrument did.")
    regime: str = Field(description="Key of the list.")
    regime_name: str | None = Field(description="The list's name.")
    regime_short: str | None = Field(description="The list's short label.")
    previous_regime: str | None = Field(description="For a move: the list left.")
    coverage: CoverageKind = Field(description="named, or class (through another listing's clause).")
    covered_via: str | None = Field(description="For class coverage: the chemical whose listing carries the clause.")
    clause: str | None = Field(description="The listing's own words for its class clause.")
    measures: list[Measure] = Field(description="Obligations the sources state the listing brings.")
    decided_date: DateText | None = Field(description="When the instrument was adopted.")
    published_date: DateText | None = Field(description="When it was published.")
    effective_date: DateText | None = Field(description="When the control took effect.")
    expires_date: DateText | None = Field(description="Last day of a temporary control.")
    in_force_by: DateText | None = Field(description="A date by which a source shows the control in force.")
    scheduled: bool = Field(description="Announced, with its effective date in the future.")
    instrument: InstrumentAnswer = Field(description="The legal instrument.")
    sources: list[SourceAnswer] = Field(description="Where each fact was read.")
    confidence: Basis = Field(description="One label for the event: the weakest basis of its facts.")
    fact_basis: dict[str, Basis] = Field(description="For each fact the event states, its best basis.")
    notes: str | None = Field(description="Neutral remarks.")


class FindingAnswer(Answer):
    """A dated research finding behind a cell with no control in force."""

    outcome: FindingOutcome = Field(description="What the research found.")
    as_of: DateText = Field(description="The date the finding holds for.")
    note: str = Field(description="The finding and its evidence.")
    research: str | None = Field(description="What was searched, where and when.")
    sources: list[str] = Field(description="Keys of the sources consulted.")


class ReadingAnswer(Answer):
    """A dated reading of one whole list, which earns a 'not on the list' answer."""

    id: str = Field(description="Key of the reading in the registry.")
    regime: str = Field(description="Key of the list read.")
    regime_short: str | None = Field(description="The list's short label.")
    current_to: DateText = Field(description="The date the text read is current to.")
    source: str = Field(description="Key of the source read.")


class RegimeAnswer(Answer):
    """Control under one list on the day asked."""

    regime: str = Field(description="Key of the list.")
    regime_name: str | None = Field(description="The list's name.")
    controlled: bool | None = Field(description="In force (true), not (false), or cannot say (null).")
    since: DateText | None = Field(description="When the present listing took effect.")
    in_force_by: DateText | None = Field(description="A date by which a source shows it in force.")
    coverage: CoverageKind | None = Field(description="named or class.")
    named_since: DateText | None = Field(description="When the chemical was first named on this list.")
    until: DateText | None = Field(description="Last day of a temporary control.")
    events: list[str] = Field(description="Ids of the events that decide this list's answer.")


class PendingEvent(Answer):
    """An event that has not taken effect on the day asked."""

    id: str = Field(description="Event id.")
    effective_date: DateText | None = Field(description="When it takes effect.")
    action: Action = Field(description="What it does.")
    regime: str = Field(description="Key of the list.")


class Cell(Answer):
    """The answer for one chemical (or structure) in one jurisdiction on one day."""

    jurisdiction: str = Field(description="Jurisdiction key.")
    jurisdiction_name: str | None = Field(default=None, description="Jurisdiction name.")
    controlled: bool | None = Field(description="True, false, or null when the answer is not a plain yes or no.")
    decision: Decision = Field(description="The decision: controlled, not-controlled, unknown, review, not-applicable.")
    unknown_why: UnknownWhy | None = Field(default=None, description="For an unknown decision: why.")
    regime: str | None = Field(default=None, description="Key of the list the answer is about.")
    regime_name: str | None = Field(default=None, description="The list's name.")
    regime_short: str | None = Field(default=None, description="The list's short label.")
    since: DateText | None = Field(default=None, description="When control began, without a break across lists.")
    list_since: DateText | None = Field(default=None, description="When control under this list began.")
    in_force_by: DateText | None = Field(default=None, description="A date by which a source shows control in force.")
    coverage: CoverageKind | None = Field(default=None, description="named or class.")
    until: DateText | None = Field(default=None, description="Last day of a temporary control.")
    reason: str = Field(description="Why, in words.")
    finding: FindingAnswer | None = Field(default=None, description="The research finding behind the answer.")
    readings: list[ReadingAnswer] = Field(
        default_factory=list, description="The whole-list readings a 'not on any list' answer rests on."
    )
    instruments: list[str] = Field(default_factory=list, description="Citations of the instruments in force.")
    instruments_short: list[str] = Field(default_factory=list, description="The same, as short labels.")
    events: list[str] = Field(default_factory=list, description="Ids of the events the answer rests on.")
    pending: list[PendingEvent] = Field(default_factory=list, description="Events not yet in effect.")
    regimes: list[RegimeAnswer] = Field(default_factory=list, description="The answer under each list.")

    def since_text(self) -> str | None:
        """When control began, for a table cell: a date, 'by DATE', or 'not established'."""
        if self.decision != "controlled":
            return None
        if self.since:
            return self.since
        if self.in_force_by:
            return f"by {self.in_force_by}"
        return NOT_ESTABLISHED


NOT_ESTABLISHED = "not established"


class ChemicalStatus(Answer):
    """A chemical's decision in each jurisdiction on one day."""

    chemical: ChemicalSummary = Field(description="The chemical.")
    on: str = Field(description="The day, YYYY-MM-DD.")
    jurisdictions: list[Cell] = Field(description="One cell per jurisdiction, in registry order.")


class StatusAnswer(ChemicalStatus):
    """``chemref status``."""

    provenance: Provenance = Field(description="Which chemref and data answered.")


class HistoryAnswer(Answer):
    """``chemref history``: the chemical's dated events, oldest first."""

    chemical: ChemicalSummary = Field(description="The chemical.")
    events: list[EventAnswer] = Field(description="Events, oldest first.")
    empty_reason: str | None = Field(default=None, description="When there are no events: what chemref can say.")
    provenance: Provenance = Field(description="Which chemref and data answered.")


class Identity(Answer):
    """A registered chemical's identity in full."""

    id: str = Field(description="The chemical's registry id.")
    name: str = Field(description="Preferred name.")
    iupac_name: str | None = Field(description="Systematic (IUPAC) name, where recorded.")
    cas: str | None = Field(description="CAS RN of the parent compound.")
    inchikey: str | None = Field(description="Standard InChIKey of the parent compound.")
    synonyms: list[str] = Field(description="Other names and abbreviations.")
    name_sources: list[NameCitation] = Field(description="Which source gives which names.")
    member_of: str | None = Field(description="The registered parent whose listing names this chemical.")
    identifiers: Identifiers = Field(description="Structure and registry identifiers.")
    forms: list[Form] = Field(description="Salts and hydrates with their CAS RNs.")


class ShowAnswer(Identity):
    """``chemref show``: identity, then status on the day."""

    matched_form: Form | None = Field(default=None, description="The salt or hydrate the query named, if any.")
    status: ChemicalStatus = Field(description="Status on the day asked.")
    provenance: Provenance = Field(description="Which chemref and data answered.")


class ListAnswer(Answer):
    """``chemref list``: every chemical (or those of one list) with a decision per jurisdiction."""

    on: str = Field(description="The day, YYYY-MM-DD.")
    regime: str | None = Field(default=None, description="Key of the list asked for (--list), if any.")
    chemicals: list[ChemicalStatus] = Field(description="One entry per chemical.")
    provenance: Provenance = Field(description="Which chemref and data answered.")


ChangeKind = Literal[
    "addition",  # placed on a list (or first placed under control)
    "removal",  # taken off a list, or a temporary control lapsed
    "move",  # moved from one list to another of the same jurisdiction
    "scope",  # a listing's coverage was widened, or a chemical already covered was named
    "temporary",  # placed under temporary control, or a temporary control extended
]


class ChangeItem(Answer):
    """One change to a list between two dates, from one event."""

    date: DateText = Field(description="When it took effect (at the precision known).")
    jurisdiction: str = Field(description="Jurisdiction key.")
    chemical: str = Field(description="Chemical id.")
    chemical_name: str = Field(description="Chemical name.")
    kind: ChangeKind = Field(description="addition, removal, move, scope or temporary.")
    action: Action = Field(description="The event's action.")
    regime: str = Field(description="Key of the list changed.")
    regime_short: str | None = Field(description="Its short label.")
    previous_regime: str | None = Field(description="For a move: the list left.")
    instrument: str | None = Field(description="Citation of the instrument, if established.")
    event: str = Field(description="Id of the event.")


class ChangesAnswer(Answer):
    """``chemref changes``: what changed on the lists between two dates."""

    start: str = Field(description="First day of the period, YYYY-MM-DD.")
    end: str = Field(description="Last day of the period, YYYY-MM-DD.")
    jurisdictions: list[str] = Field(description="The jurisdictions covered.")
    regime: str | None = Field(default=None, description="Key of the list asked for (--list), if any.")
    changes: list[ChangeItem] = Field(description="Changes, oldest first.")
    undated: list[str] = Field(
        default_factory=list, description="Events in these jurisdictions whose date of effect is not established."
    )
    provenance: Provenance = Field(description="Which chemref and data answered.")


class RuleAnswer(Answer):
    """The class-clause rule a class-tier match came from."""

    event: str = Field(description="Id of the event carrying the clause.")
    term: str = Field(description="The clause's own term, e.g. 'its esters'.")
    reading: str = Field(description="chemref's structural reading of the term.")


class MatchAnswer(Answer):
    """One registered chemical (or listing clause) a query matched, with a decision per jurisdiction."""

    id: str = Field(description="Registry id of the chemical matched (for a class match: the listed chemical).")
    name: str = Field(description="Its name.")
    tier: Literal["exact", "parent", "tautomer", "stereo", "class", "similar"] = Field(
        description="How it matched, best first: exact, parent, tautomer, stereo, class, similar."
    )
    explanation: str = Field(description="Why, in words.")
    component: str = Field(description="The input component (SMILES) that matched.")
    status: list[Cell] = Field(description="A decision per jurisdiction for this match.")
    similarity: float | None = Field(default=None, description="Tanimoto similarity, for a similar-tier match.")
    rule: RuleAnswer | None = Field(default=None, description="For a class-tier match: the rule.")


class ParentAnswer(Answer):
    """How a structure was standardized before matching."""

    input: str = Field(description="The input as RDKit read it.")
    components: list[str] = Field(description="Parent components, as SMILES.")
    removed: list[str] = Field(description="What was removed: salts, solvents.")
    changes: list[str] = Field(description="What was changed: charges, isotopes.")


class LookupAnswer(Answer):
    """``chemref lookup QUERY``."""

    query: str = Field(description="The query as read.")
    kind: str = Field(description="What it was read as: smiles, inchi, molblock, inchikey, cas or name.")
    on: str = Field(description="The day, YYYY-MM-DD.")
    ignored: str | None = Field(default=None, description="Any part of the input that was ignored.")
    parent: ParentAnswer | None = Field(default=None, description="For a structure: its parent.")
    matches: list[MatchAnswer] = Field(description="Registered chemicals matched, best first.")
    unmatched: list[Cell] = Field(
        default_factory=list,
        description="When nothing registered matched: the decision per jurisdiction for a substance outside the "
        "registry, from the readings of each jurisdiction's lists.",
    )
    provenance: Provenance | None = Field(default=None, description="Which chemref and data answered.")


class LookupRecord(Answer):
    """One record of ``chemref lookup --file``: its answer, or why it could not be read."""

    record: int = Field(description="Record number, from 1.")
    line: int = Field(description="The line the record starts on.")
    id: str = Field(description="The record's id or title.")
    error: str | None = Field(default=None, description="Why the record could not be read.")
    answer: LookupAnswer | None = Field(default=None, description="The answer, when it could be read.")


class LookupFileAnswer(Answer):
    """``chemref lookup --file``: one entry per record, whatever the count."""

    file: str = Field(description="The file read.")
    on: str = Field(description="The day, YYYY-MM-DD.")
    records: list[LookupRecord] = Field(description="Every record, in order.")
    provenance: Provenance = Field(description="Which chemref and data answered.")


class CoverageCell(Answer):
    """How far one cell can be trusted."""

    chemical: str = Field(description="Chemical id.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    decision: Decision = Field(description="The decision on the day.")
    basis: Basis = Field(description="The basis of the events or research behind it.")
    last_checked: str | None = Field(description="When its sources or jurisdiction were last checked.")
    stale: bool = Field(description="Whether a finding behind it is past the freshness window.")
    reason: str = Field(description="The reason, as status gives it.")


class CoverageTotals(Answer):
    """The totals maintainers plan research by."""

    cells: int = Field(description="Chemical x jurisdiction cells.")
    answered: int = Field(description="Cells answered controlled or not controlled.")
    unknown: int = Field(description="Cells answered unknown.")
    not_applicable: int = Field(description="Cells answered not applicable.")
    by_decision: dict[str, int] = Field(description="Cells per decision.")
    stale_findings: int = Field(description="Cells resting on a finding past its freshness window.")
    events: int = Field(description="Events in the registry.")
    events_primary_text: int = Field(description="Events whose every fact was read in the primary text.")
    primary_text_share: float | None = Field(description="Their share.")
    oldest_check: str | None = Field(description="The oldest last-checked date of any cell.")
    cells_never_checked: int = Field(description="Cells with no checked date.")


class CoverageAnswer(Answer):
    """``chemref coverage``."""

    on: str = Field(description="The day, YYYY-MM-DD.")
    cells: list[CoverageCell] = Field(description="Every chemical x jurisdiction cell.")
    totals: CoverageTotals = Field(description="The totals.")
    provenance: Provenance | None = Field(default=None, description="Which chemref and data answered.")


ScreenStatus = Literal[
    "match",  # the record matched a registered chemical (or a class clause)
    "no_match",  # it matched nothing registered: see the decision columns for what that means
    "invalid",  # it could not be read or screened: see reason
]


class ScreenRow(Answer):
    """One output row of ``chemref screen`` per input record."""

    record: int = Field(description="Record number, from 1.")
    id: str = Field(description="The record's id.")
    status: ScreenStatus = Field(description="match, no_match or invalid.")
    matched_id: str = Field(default="", description="The best match's chemical id.")
    tier: str = Field(default="", description="The best match's tier.")
    controlled_in: list[str] = Field(default_factory=list, description="Jurisdictions where it is controlled.")
    may_be_covered_in: list[str] = Field(
        default_factory=list, description="Jurisdictions whose class clause may cover it (legal review)."
    )
    matches: str = Field(default="", description="Every match, as id:tier, '|'-separated.")
    reason: str = Field(default="", description="Why, in words.")
    line: int = Field(default=0, description="The line the record starts on.")
    parent_smiles: str = Field(default="", description="The standardized parent, when computed.")
    parent_inchikey: str = Field(default="", description="Its InChIKey(s).")
    not_controlled_in: list[str] = Field(default_factory=list, description="Jurisdictions answering not controlled.")
    unknown_in: list[str] = Field(default_factory=list, description="Jurisdictions answering unknown.")
    review_in: list[str] = Field(default_factory=list, description="Jurisdictions answering review.")
    not_applicable_in: list[str] = Field(default_factory=list, description="Jurisdictions answering not applicable.")
    registered: bool = Field(default=False, description="Whether the record is a registered chemical (or form).")


class ExportedChemical(Identity):
    """One chemical in ``chemref export``: identity, events with their sources, and research findings."""

    events: list[EventAnswer] = Field(description="Events, oldest first.")
    findings: list[Finding] = Field(description="Research findings.")


class ExportAnswer(Answer):
    """``chemref export``: the whole registry as one JSON document."""

    chemicals: list[ExportedChemical] = Field(description="Every chemical, by id.")
    jurisdictions: dict[str, Jurisdiction] = Field(description="Jurisdictions by key.")
    regimes: dict[str, Regime] = Field(description="Lists by key.")
    instruments: dict[str, Instrument] = Field(description="Instruments by key.")
    sources: dict[str, Source] = Field(description="Sources by key.")
    readings: dict[str, ListReading] = Field(description="Whole-list readings by id.")
    provenance: Provenance | None = Field(default=None, description="Which chemref and data answered.")


def dump(answer: BaseModel) -> dict[str, Any]:
    """The JSON-ready form of an answer, as every JSON output writes it."""
    return answer.model_dump(mode="json")
